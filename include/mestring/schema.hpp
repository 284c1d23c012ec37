#pragma once
// The vocabulary of a case file, written down once (schema.cpp): its keys in
// the order new files are written and what each holds, the keys inside its
// mappings and list items, the spreadsheet columns that name them, every
// choice set with its Danish display text and the spellings a Danish sheet
// uses, and the catalog of data checks. The loader, the cache codec, edit,
// import, show's timeline, `new`, `add`, completion and SARIF iterate these
// tables: adding a field or a choice is one row here, never a second list.

#include <mestring/finding.hpp>
#include <mestring/i18n.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mestring {

struct Case;
struct DateField;

// ---- Choice sets ----------------------------------------------------------

enum class Outcome : uint8_t { reached, no_answer, cancelled };    // of a contact
enum class Mode : uint8_t { visit, phone, online, group, office }; // of a contact
enum class FollowupKind : uint8_t { first, annual, monthly, extra };
enum class Reason : uint8_t { non_response, significant_change, coach_change, other }; // of an escalation
enum class EndReason : uint8_t { goal_achieved, citizen_declined, moved, deceased, transferred, other };
enum class Decision : uint8_t { granted, refused }; // of an application
enum class Role : uint8_t { authority, coach };     // who must act on a rule's obligations

// One value of a choice set.
struct Choice {
  std::string_view id;                         // as a case file writes it, e.g. no-answer
  Text label;                                  // as people read it
  std::span<const std::string_view> spellings; // what else a sheet may write, compared as normalize_word does
};

// The choices of each set, in the enum's order (choice i is E(i)).
template <typename E> std::span<const Choice> choices();
template <> std::span<const Choice> choices<Outcome>();
template <> std::span<const Choice> choices<Mode>();
template <> std::span<const Choice> choices<FollowupKind>();
template <> std::span<const Choice> choices<Reason>();
template <> std::span<const Choice> choices<EndReason>();
template <> std::span<const Choice> choices<Decision>();
template <> std::span<const Choice> choices<Role>();

template <typename E> const Choice &choice_of(E e) { return choices<E>()[size_t(e)]; }
template <typename E> std::string_view id_of(E e) { return choice_of(e).id; }
template <typename E> std::string_view label_of(E e, Lang lang) { return choice_of(e).label(lang); }

// Returns the choice whose id is exactly `id`.
template <typename E> std::optional<E> parse_choice(std::string_view id) {
  const auto all = choices<E>();
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i].id == id)
      return E(i);
  return std::nullopt;
}

// Returns the choice a spreadsheet cell means: its id or one of its
// spellings, compared after normalize_word ("Ikke truffet" = "ikke truffet").
template <typename E> std::optional<E> choice_from_sheet(std::string_view cell);

// "reached, no-answer or cancelled" ("… eller …" in Danish): the ids, for
// help texts and messages.
template <typename E> std::string choice_list(Lang lang);

// A word as sheets and maps are compared: lower case, trimmed, æ/ø/å written
// ae/oe/aa (also in upper case).
std::string normalize_word(std::string_view word);

// Joins words as a sentence lists them: "a, b or c" ("a, b eller c").
std::string join_or(std::span<const std::string_view> words, Lang lang);

// The id no case may have: `mestring.yaml` is the repository's config.
inline constexpr std::string_view reserved_case_id = "mestring";

// ---- Keys ------------------------------------------------------------------

// The top-level keys of a case file, in the order of case-format.md.
enum class Key : uint8_t {
  id,
  paragraph,
  citizen,
  advisor,
  coach,
  level,
  level_changes,
  applied,
  decided,
  decision,
  start,
  plan,
  main_phase,
  end,
  end_reason,
  closing_talk,
  hearing,
  report,
  followups,
  contacts,
  escalations,
  health_checks,
  meetings,
  exemptions,
  notes
};
// The keys inside `citizen:` and inside the items of the lists.
enum class Sub : uint8_t { name, cpr, date, outcome, mode, note, kind, reason, status, level, rule, from, until, by };

enum class KeyKind : uint8_t {
  text,    // a string the loader stores as it is (advisor, coach, notes)
  date,    // a date field of the case
  special, // read by its own code: id, paragraph, level, end_reason, decision
  mapping, // citizen
  events,  // a list of dated items, one per line in flow style
  dates,   // a list of plain dates (health_checks)
  spans    // a list of items with a from and an until instead of a date (exemptions)
};

struct KeyInfo {
  Key key;
  std::string_view name;
  KeyKind kind;
  Text label;                                         // as show's timeline and messages name it
  DateField Case::*date = nullptr;                    // KeyKind::date
  std::string Case::*text = nullptr;                  // KeyKind::text
  std::span<const Sub> subkeys = {};                  // mapping and events: the keys an item may hold
  std::span<const Sub> required = {};                 // events: the keys each item needs besides `date`
  std::string_view event = {};                        // events, dates: the event's name in `add` ("contact")
  Text event_label = {};                              // events, dates: the event as the timeline names it
  std::span<const std::string_view> sheet_types = {}; // events, dates: an events sheet's Type column values
  Text help = {};                                     // events, dates: `add EVENT`'s one-line help
};

// Every key, in case-format.md's order.
std::span<const KeyInfo> case_keys();
const KeyInfo &key_info(Key k);
std::string_view name_of(Key k);
std::string_view name_of(Sub s);
std::optional<Key> find_key(std::string_view name);
std::optional<Sub> find_sub(std::string_view name);
// The names of the keys of a mapping or an item: "date", "outcome", …
std::vector<std::string_view> sub_names(std::span<const Sub> subs);
// Every key as documentation names it: "id", …, "citizen.name", "contacts.outcome", …
std::vector<std::string> documented_keys();
// The event list an `add EVENT` or a sheet's Type names: "contact", "kontakt".
const KeyInfo *find_event(std::string_view event);
const KeyInfo *event_from_sheet(std::string_view cell);

// ---- Spreadsheet columns -----------------------------------------------------

// What a column of a sheet can hold: a case field (cases sheets) or an event
// field (events sheets). `id` is in both.
enum class Column : uint8_t {
  id,
  name,
  cpr,
  paragraph,
  level,
  advisor,
  coach,
  applied,
  decided,
  start,
  plan,
  end,
  end_reason,
  date,
  type,
  outcome,
  mode,
  note,
  reason,
  kind,
  status
};

struct ColumnInfo {
  Column column;
  std::string_view field;                    // the name a --map file uses: "start"
  std::span<const std::string_view> headers; // the headers that name it, compared normalized
  std::string_view export_header;            // what `export` writes; "" for event columns
  bool cases = false, events = false;        // the sheets it belongs to
  std::optional<Key> key;                    // the case file's key, for date and text columns
};

std::span<const ColumnInfo> columns();
const ColumnInfo &column_info(Column c);
// Returns the column a --map file's field name means.
std::optional<Column> find_column_field(std::string_view field);
// Returns the column a header names, compared as normalize_header does.
std::optional<Column> find_column_header(std::string_view header);
// A header as columns are compared: normalize_word, then trailing dots,
// hyphens and spaces dropped ("Startdato." = "startdato").
std::string normalize_header(std::string_view header);

// ---- Data checks -------------------------------------------------------------

// Every finding that is about the data, not a deadline (rules.md "Data checks").
enum class Check : uint8_t {
  schema,
  date,
  id_filename,
  duplicate_id,
  date_order,
  cpr,
  age,
  parse,
  limit,
  encoding,
  yaml_subset,
  cpr_in_text,
  exemption
};

struct CheckInfo {
  Check check;
  std::string_view id;
  Severity severity; // the usual one; date-order and age may also warn
  Text description;  // what it catches, for `rules`, `explain` and SARIF
  bool unreadable;   // the file yields no case: reported even under --rule
};

std::span<const CheckInfo> data_checks();
const CheckInfo &check_info(Check c);
std::string_view id_of(Check c);
const CheckInfo *find_data_check(std::string_view id);

} // namespace mestring
