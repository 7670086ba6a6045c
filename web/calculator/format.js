// Number formatting for one locale and currency (Intl only: the numbers themselves come from
// the core). Every figure the page shows goes through here, so rounding is the same everywhere.

export class Formatter {
  /** @param {string} locale @param {string} currency ISO 4217 code */
  constructor(locale, currency) {
    this.locale = locale;
    this.currency = currency;
    this.whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    this.one = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    this.two = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    this.upToOne = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    this.upToTwo = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    this.three = new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
    this.money = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 });
    this.bytes = new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
    this.percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  }

  /** "60" for 60, "60.3" for 60.3: a headline percentage keeps one decimal only when it has one. */
  headline(value) {
    return this.upToOne.format(value);
  }
}

/** Whether Intl knows the currency code (a bad link must not throw a RangeError later). */
export function isCurrency(code) {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return true;
  } catch {
    return false;
  }
}

/** The currencies offered in the picker; any valid ISO code from a link is accepted too. */
export const CURRENCIES = ['USD', 'EUR', 'GBP', 'SEK', 'CHF', 'CAD', 'AUD', 'JPY', 'ILS', 'SAR', 'AED', 'BRL', 'MXN', 'INR'];
