// Names compared as people mean them. A coach written "Søren Ærø" in one file
// may be typed "søren ærø" on the command line and stored decomposed (Å as A +
// U+030A) by a Mac in another file: Unicode's answer is canonical caseless
// matching, NFC after case folding, done here by libutf8proc (Debian's
// libutf8proc-dev, the library Julia and PostgreSQL use for exactly this)
// rather than by tables of our own.
#include <mestring/text.hpp>
#include <mestring/utf8.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <tuple>
#include <utf8proc.h>
#include <utility>
#include <vector>

namespace mestring {

namespace {

bool is_space(char32_t c) {
  return c == '\t' || c == '\n' || c == '\r' || utf8proc_category(utf8proc_int32_t(c)) == UTF8PROC_CATEGORY_ZS;
}

// Applies utf8proc's map with `options` to valid UTF-8, then makes white
// space single and trims it.
std::string mapped(std::string_view text, int options) {
  const std::string valid = valid_utf8_or_replace(text);
  utf8proc_uint8_t *out = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t *>(valid.data()), utf8proc_ssize_t(valid.size()),
                              &out, utf8proc_option_t(UTF8PROC_STABLE | options));
  std::string folded = n >= 0 ? std::string(reinterpret_cast<const char *>(out), size_t(n)) : valid;
  std::free(out);
  std::string key;
  bool pending_space = false;
  for (size_t i = 0; i < folded.size();) {
    const auto step = decode_utf8(folded, i);
    if (is_space(step.code)) {
      pending_space = !key.empty();
    } else {
      if (pending_space)
        key += ' ';
      pending_space = false;
      key.append(folded, i, step.length);
    }
    i += step.length;
  }
  return key;
}

// The key with the Danish letters spelt out (æ ae, ø oe, å aa) and every
// accent dropped: how a name is typed on a keyboard without them.
std::u32string loose_key(std::string_view key) {
  std::string spelt;
  for (const char32_t c : to_code_points(key)) {
    if (c == U'æ')
      spelt += "ae";
    else if (c == U'ø')
      spelt += "oe";
    else if (c == U'å')
      spelt += "aa";
    else
      append_utf8(spelt, c);
  }
  return to_code_points(mapped(spelt, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK));
}

std::vector<std::u32string_view> words(std::u32string_view s) {
  std::vector<std::u32string_view> out;
  for (size_t start = 0; start < s.size();) {
    const size_t end = std::min(s.find(U' ', start), s.size());
    if (end > start)
      out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// How many edits still read as a typo of a word of `length` code points.
size_t typo_allowance(size_t length) { return length <= 3 ? 1 : length <= 8 ? 2 : length / 3; }

struct Match {
  int kind = 0;        // 0 the same name, 1 a prefix of it or of one of its words, 2 a typo
  size_t distance = 0; // edits, for typos
  size_t order = 0;    // position among the candidates, to keep ties stable
  std::string_view name;
};

// How `typed` (a loose key) matches `candidate` (a loose key), if at all.
std::optional<Match> match(std::u32string_view typed, std::u32string_view candidate) {
  if (typed == candidate)
    return Match{0, 0, 0, {}};
  const auto parts = words(candidate);
  // Two letters at least: one letter would begin half the office's names.
  if (typed.size() >= 2 && (candidate.starts_with(typed) ||
                            std::any_of(parts.begin(), parts.end(), [&](auto w) { return w.starts_with(typed); })))
    return Match{1, 0, 0, {}};
  const size_t allowance = typo_allowance(typed.size());
  size_t best = edit_distance(typed, candidate);
  for (const auto w : parts)
    best = std::min(best, edit_distance(typed, w));
  if (best <= allowance)
    return Match{2, best, 0, {}};
  return std::nullopt;
}

} // namespace

std::string name_key(std::string_view name) { return mapped(name, UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD); }

bool same_name(std::string_view a, std::string_view b) { return a == b || name_key(a) == name_key(b); }

std::vector<std::string> nearest_names(std::string_view word, std::span<const std::string> candidates, size_t n) {
  const std::string typed_key = name_key(word);
  if (typed_key.empty() || n == 0)
    return {};
  const std::u32string typed_exact = to_code_points(typed_key), typed_loose = loose_key(typed_key);
  std::vector<std::string> seen;
  std::vector<Match> found;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const std::string key = name_key(candidates[i]);
    if (key.empty() || std::find(seen.begin(), seen.end(), key) != seen.end())
      continue;
    seen.push_back(key);
    // The better of the exact letters and the loose spelling.
    auto exact = match(typed_exact, to_code_points(key));
    auto loose = match(typed_loose, loose_key(key));
    std::optional<Match> m = exact;
    if (loose && (!m || std::pair(loose->kind, loose->distance) < std::pair(m->kind, m->distance)))
      m = loose;
    if (m) {
      m->order = i;
      m->name = candidates[i];
      found.push_back(*m);
    }
  }
  std::sort(found.begin(), found.end(), [](const Match &a, const Match &b) {
    return std::tie(a.kind, a.distance, a.order) < std::tie(b.kind, b.distance, b.order);
  });
  std::vector<std::string> out;
  for (size_t i = 0; i < found.size() && i < n; ++i)
    out.emplace_back(found[i].name);
  return out;
}

} // namespace mestring
