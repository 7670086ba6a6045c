#include "core/rating_text.hpp"

#include <algorithm>
#include <tuple>

#include "core/locale.hpp"

namespace csatkit {

namespace {

bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// At most `limit` bytes of a text, cut on a UTF-8 character boundary, for messages.
std::string cut(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "…";
}

}  // namespace

std::string fold_rating_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  auto emit = [&](char c) {
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  };
  auto space = [&] { pending_space = !out.empty(); };
  const std::size_t size = text.size();
  for (std::size_t i = 0; i < size;) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto next = i + 1 < size ? static_cast<unsigned char>(text[i + 1]) : 0;
    const auto third = i + 2 < size ? static_cast<unsigned char>(text[i + 2]) : 0;
    if (is_space(c)) {
      space();
      i += 1;
    } else if (c >= 'A' && c <= 'Z') {
      emit(static_cast<char>(c - 'A' + 'a'));
      i += 1;
    } else if (c == 0xC2 && next == 0xA0) {  // U+00A0 no-break space
      space();
      i += 2;
    } else if (c == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97) {  // À–Þ (not ×) → à–þ
      emit(static_cast<char>(c));
      out += static_cast<char>(next + 0x20);
      i += 2;
    } else if (c == 0xD9 && (next == 0x80 || (next >= 0x8B && next <= 0x92))) {
      i += 2;  // Arabic tatweel U+0640 and harakat U+064B–U+0652: often left out when typing
    } else if (c == 0xE2 && next == 0x80 && (third == 0x98 || third == 0x99)) {  // ‘ ’
      emit('\'');
      i += 3;
    } else if (c == 0xE2 && next == 0x80 && (third == 0x93 || third == 0x94)) {  // – —
      emit('-');
      i += 3;
    } else if (c == 0xE2 && next == 0x80 && third == 0xAF) {  // U+202F narrow no-break space
      space();
      i += 3;
    } else {
      emit(static_cast<char>(c));
      i += 1;
    }
  }
  return out;
}

std::vector<PointWord> builtin_point_words(const Scale& scale) {
  std::vector<PointWord> words;
  for (const Locale& locale : builtin_locales()) {
    if (!locale_has_texts(locale)) continue;
    for (int point = scale.min(); point <= scale.max(); ++point) {
      const std::string_view label = point_label(locale, scale, point);
      if (label.empty()) continue;
      words.push_back({std::string(locale.code), point, std::string(label)});
      // NPS and CSAT 1–10 ends read "0 – <anchor>": the anchor alone means the point too.
      const std::string prefix = std::to_string(point) + " \xE2\x80\x93 ";
      if (label.size() > prefix.size() && label.substr(0, prefix.size()) == prefix) {
        words.push_back({std::string(locale.code), point, std::string(label.substr(prefix.size()))});
      }
    }
  }
  return words;
}

RatingReader::RatingReader(const Scale& scale) : RatingReader(scale, builtin_point_words(scale)) {}

RatingReader::RatingReader(const Scale& scale, const std::vector<PointWord>& words) : scale_(scale) {
  for (const PointWord& word : words) {
    if (!scale.contains(word.point)) continue;
    std::string folded = fold_rating_text(word.text);
    // A number is read as a number (Scale::parse); only words go in the table.
    if (folded.empty() || folded == std::to_string(word.point)) continue;
    auto same = std::find_if(entries_.begin(), entries_.end(),
                             [&](const Entry& e) { return e.folded == folded && e.point == word.point; });
    if (same == entries_.end()) {
      entries_.push_back({std::move(folded), word.point, {word.locale}});
    } else if (std::find(same->locales.begin(), same->locales.end(), word.locale) == same->locales.end()) {
      same->locales.push_back(word.locale);
    }
  }
  std::sort(entries_.begin(), entries_.end(),
            [](const Entry& a, const Entry& b) { return std::tie(a.folded, a.point) < std::tie(b.folded, b.point); });
  for (std::size_t i = 1; i < entries_.size(); ++i) {
    if (entries_[i].folded == entries_[i - 1].folded) ambiguous_ = true;
  }
}

const RatingReader::Entry* RatingReader::find(const std::string& folded) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), folded,
                             [](const Entry& e, const std::string& key) { return e.folded < key; });
  return it != entries_.end() && it->folded == folded ? &*it : nullptr;
}

Result<std::optional<int>> RatingReader::read(std::string_view text) const {
  // Numbers and English labels first: the common case of a CSV row, with no allocation.
  const std::optional<int> parsed = scale_.parse(text);
  if (parsed && !ambiguous_) return parsed;
  const std::string folded = fold_rating_text(text);
  const Entry* entry = find(folded);
  if (!entry) return parsed;
  const Entry* end = entries_.data() + entries_.size();
  if (entry + 1 != end && entry[1].folded == folded) {
    std::string meanings;
    for (const Entry* e = entry; e != end && e->folded == folded; ++e) {
      std::string locales;
      for (const std::string& locale : e->locales) locales += (locales.empty() ? "" : ", ") + locale;
      meanings += (meanings.empty() ? "" : " or ") + std::to_string(e->point) + " (" + locales + ")";
    }
    return Error{"rating.ambiguous", "",
                 "rating \"" + cut(text, 40) + "\" is ambiguous on the " + scale_.id() + " scale: it means " +
                     meanings + " depending on the language; use the number instead"};
  }
  return std::optional<int>(entry->point);
}

}  // namespace csatkit
