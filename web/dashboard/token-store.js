// Where the dashboard keeps the admin token: this tab's sessionStorage (asked once per tab,
// gone when the tab closes; never a cookie, so it is never sent anywhere by itself).
const KEY = 'csatkit:dashboard-token';

export const tokenStore = {
  read() {
    try {
      return sessionStorage.getItem(KEY);
    } catch {
      return null; // storage disabled: the token is asked again on every load
    }
  },
  write(token) {
    try {
      sessionStorage.setItem(KEY, token);
    } catch {
      // storage disabled: the dashboard works for this page view
    }
  },
  forget() {
    try {
      sessionStorage.removeItem(KEY);
    } catch {
      // nothing stored
    }
  },
};
