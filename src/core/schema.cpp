// The vocabulary's tables. Every spelling of the case file's words is here:
// a key, a choice value, a sheet header, a data-check id. Code elsewhere
// names them through the enums of schema.hpp.
#include <mestring/schema.hpp>

#include <mestring/case.hpp>

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace mestring {

namespace {

using Words = std::initializer_list<std::string_view>;

// ---- Choice sets ----

constexpr std::string_view reached_words[] = {"truffet"};
constexpr std::string_view no_answer_words[] = {"ikke truffet"};
constexpr std::string_view cancelled_words[] = {"aflyst"};
constexpr Choice outcomes[] = {
    {"reached", {"reached", "truffet"}, reached_words},
    {"no-answer", {"no-answer", "ikke truffet"}, no_answer_words},
    {"cancelled", {"cancelled", "aflyst"}, cancelled_words},
};

constexpr std::string_view visit_words[] = {"besøg"};
constexpr std::string_view phone_words[] = {"telefon"};
constexpr std::string_view online_words[] = {"virtuel"};
constexpr std::string_view group_words[] = {"gruppe"};
constexpr std::string_view office_words[] = {"kontor"};
constexpr Choice modes[] = {
    {"visit", {"visit", "besøg"}, visit_words},     {"phone", {"phone", "telefon"}, phone_words},
    {"online", {"online", "online"}, online_words}, {"group", {"group", "gruppe"}, group_words},
    {"office", {"office", "kontor"}, office_words},
};

constexpr std::string_view first_words[] = {"første"};
constexpr std::string_view annual_words[] = {"årlig"};
constexpr std::string_view monthly_words[] = {"månedlig"};
constexpr std::string_view extra_words[] = {"ekstra"};
constexpr Choice kinds[] = {
    {"first", {"first", "første"}, first_words},
    {"annual", {"annual", "årlig"}, annual_words},
    {"monthly", {"monthly", "månedlig"}, monthly_words},
    {"extra", {"extra", "ekstra"}, extra_words},
};

constexpr std::string_view non_response_words[] = {"manglende respons"};
constexpr std::string_view change_words[] = {"væsentlig ændring"};
constexpr std::string_view coach_change_words[] = {"skift af vejleder"};
constexpr std::string_view other_words[] = {"andet"};
constexpr Choice reasons[] = {
    {"non-response", {"non-response", "manglende respons"}, non_response_words},
    {"significant-change", {"significant-change", "væsentlig ændring"}, change_words},
    {"coach-change", {"coach-change", "skift af vejleder"}, coach_change_words},
    {"other", {"other", "andet"}, other_words},
};

constexpr std::string_view goal_words[] = {"mål nået"};
constexpr std::string_view declined_words[] = {"frasagde sig støtten", "borgeren takkede nej"};
constexpr std::string_view moved_words[] = {"fraflyttet kommunen", "fraflyttet"};
constexpr std::string_view deceased_words[] = {"afgået ved døden", "død"};
constexpr std::string_view transferred_words[] = {"overført"};
constexpr Choice end_reasons[] = {
    {"goal-achieved", {"goal-achieved", "mål nået"}, goal_words},
    {"citizen-declined", {"citizen-declined", "frasagde sig støtten"}, declined_words},
    {"moved", {"moved", "fraflyttet kommunen"}, moved_words},
    {"deceased", {"deceased", "afgået ved døden"}, deceased_words},
    {"transferred", {"transferred", "overført"}, transferred_words},
    {"other", {"other", "andet"}, other_words},
};

constexpr std::string_view granted_words[] = {"bevilget", "bevilling"};
constexpr std::string_view refused_words[] = {"afslag", "afvist"};
constexpr Choice decisions[] = {
    {"granted", {"granted", "bevilget"}, granted_words},
    {"refused", {"refused", "afslag"}, refused_words},
};

constexpr std::string_view authority_words[] = {"myndighed", "rådgiver"};
constexpr std::string_view coach_role_words[] = {"mestringsvejleder", "udfører"};
constexpr Choice roles[] = {
    {"authority", {"authority", "myndighed"}, authority_words},
    {"coach", {"coach", "mestringsvejleder"}, coach_role_words},
};

// ---- Keys ----

constexpr std::string_view sub_names_table[] = {"name",   "cpr",    "date",  "outcome", "mode", "note",  "kind",
                                                "reason", "status", "level", "rule",    "from", "until", "by"};

constexpr Sub citizen_subs[] = {Sub::name, Sub::cpr};
constexpr Sub followup_subs[] = {Sub::date, Sub::kind, Sub::note};
constexpr Sub contact_subs[] = {Sub::date, Sub::outcome, Sub::mode, Sub::note};
constexpr Sub contact_required[] = {Sub::outcome};
constexpr Sub escalation_subs[] = {Sub::date, Sub::reason, Sub::note};
constexpr Sub escalation_required[] = {Sub::reason};
constexpr Sub health_check_subs[] = {Sub::date};
constexpr Sub meeting_subs[] = {Sub::date, Sub::status};
constexpr Sub level_change_subs[] = {Sub::date, Sub::level, Sub::note};
constexpr Sub level_change_required[] = {Sub::level};
constexpr Sub exemption_subs[] = {Sub::rule, Sub::from, Sub::until, Sub::reason, Sub::by};
constexpr Sub exemption_required[] = {Sub::rule, Sub::from, Sub::until, Sub::reason};

constexpr std::string_view followup_types[] = {"opfølgning", "followup", "follow-up"};
constexpr std::string_view contact_types[] = {"kontakt", "contact"};
constexpr std::string_view escalation_types[] = {"orientering", "escalation"};
constexpr std::string_view health_check_types[] = {"helbredstjek", "health-check"};
constexpr std::string_view meeting_types[] = {"møde", "meeting"};
constexpr std::string_view level_change_types[] = {"niveauændring", "level"};

const KeyInfo keys[] = {
    {Key::id, "id", KeyKind::special, {"id", "id"}},
    {Key::paragraph, "paragraph", KeyKind::special, {"paragraph", "paragraf"}},
    {Key::citizen, "citizen", KeyKind::mapping, {"citizen", "borger"}, nullptr, nullptr, citizen_subs},
    {Key::advisor, "advisor", KeyKind::text, {"advisor", "rådgiver"}, nullptr, &Case::advisor},
    {Key::coach, "coach", KeyKind::text, {"coach", "mestringsvejleder"}, nullptr, &Case::coach},
    {Key::level, "level", KeyKind::special, {"level", "niveau"}},
    {Key::level_changes,
     "level_changes",
     KeyKind::events,
     {"level changes", "niveauændringer"},
     nullptr,
     nullptr,
     level_change_subs,
     level_change_required,
     "level",
     {"level", "niveau"},
     level_change_types,
     {"A change of support level (after a follow-up or a re-visitation)",
      "En ændring af støtteniveau (efter en opfølgning eller en revisitation)"}},
    {Key::applied, "applied", KeyKind::date, {"applied", "ansøgt"}, &Case::applied},
    {Key::decided, "decided", KeyKind::date, {"decided", "afgørelse"}, &Case::decided},
    {Key::decision, "decision", KeyKind::special, {"decision", "afgørelsens udfald"}},
    {Key::start, "start", KeyKind::date, {"start", "start"}, &Case::start},
    {Key::plan, "plan", KeyKind::date, {"plan", "borgerplan"}, &Case::plan},
    {Key::main_phase, "main_phase", KeyKind::date, {"main phase", "hovedforløb"}, &Case::main_phase},
    {Key::end, "end", KeyKind::date, {"end", "ophør"}, &Case::end},
    {Key::end_reason, "end_reason", KeyKind::special, {"end reason", "ophørsårsag"}},
    {Key::closing_talk, "closing_talk", KeyKind::date, {"closing talk", "afsluttende samtale"}, &Case::closing_talk},
    {Key::hearing, "hearing", KeyKind::date, {"hearing", "partshøring"}, &Case::hearing},
    {Key::report, "report", KeyKind::date, {"report", "forløbsbeskrivelse"}, &Case::report},
    {Key::followups,
     "followups",
     KeyKind::events,
     {"follow-ups", "opfølgninger"},
     nullptr,
     nullptr,
     followup_subs,
     {},
     "followup",
     {"follow-up", "opfølgning"},
     followup_types,
     {"A follow-up on the plan (opfølgning)", "En opfølgning på planen"}},
    {Key::contacts,
     "contacts",
     KeyKind::events,
     {"contacts", "kontakter"},
     nullptr,
     nullptr,
     contact_subs,
     contact_required,
     "contact",
     {"contact", "kontakt"},
     contact_types,
     {"A contact or contact attempt", "En kontakt eller et kontaktforsøg"}},
    {Key::escalations,
     "escalations",
     KeyKind::events,
     {"escalations", "orienteringer"},
     nullptr,
     nullptr,
     escalation_subs,
     escalation_required,
     "escalation",
     {"escalation", "orientering"},
     escalation_types,
     {"Informing the authority (orientering af Myndighed)", "Orientering af Myndighed"}},
    {Key::health_checks,
     "health_checks",
     KeyKind::dates,
     {"health checks", "helbredstjek"},
     nullptr,
     nullptr,
     health_check_subs,
     {},
     "health-check",
     {"health check", "helbredstjek"},
     health_check_types,
     {"A yearly health check offered or held", "Et årligt helbredstjek tilbudt eller afholdt"}},
    {Key::meetings,
     "meetings",
     KeyKind::events,
     {"meetings", "borgerplansmøder"},
     nullptr,
     nullptr,
     meeting_subs,
     {},
     "meeting",
     {"citizen plan meeting", "borgerplansmøde"},
     meeting_types,
     {"A citizen plan meeting (borgerplansmøde)", "Et borgerplansmøde"}},
    {Key::exemptions,
     "exemptions",
     KeyKind::spans,
     {"exemptions", "fritagelser"},
     nullptr,
     nullptr,
     exemption_subs,
     exemption_required,
     "exemption",
     {"exemption", "fritagelse"},
     {},
     {"A rule set aside for a while, with the reason (the citizen is in hospital, say)",
      "En regel sat ud af kraft for en tid, med begrundelsen (fx at borgeren er indlagt)"}},
    {Key::notes, "notes", KeyKind::text, {"notes", "noter"}, nullptr, &Case::notes},
};

// ---- Sheet columns ----

constexpr std::string_view id_headers[] = {"Sagsnr", "Sagsnummer", "ID", "Case"};
constexpr std::string_view name_headers[] = {"Navn", "Borger", "Name"};
constexpr std::string_view cpr_headers[] = {"CPR", "CPR-nr", "CPR-nummer"};
constexpr std::string_view paragraph_headers[] = {"Paragraf", "§", "Paragraph"};
constexpr std::string_view level_headers[] = {"Niveau", "Level"};
constexpr std::string_view advisor_headers[] = {"Rådgiver", "Sagsbehandler", "Advisor"};
constexpr std::string_view coach_headers[] = {"Mestringsvejleder", "Vejleder", "Mentor", "Coach"};
constexpr std::string_view applied_headers[] = {"Ansøgt", "Ansøgningsdato", "Applied"};
constexpr std::string_view decided_headers[] = {"Afgørelse", "Afgørelsesdato", "Decided"};
constexpr std::string_view start_headers[] = {"Start", "Startdato", "Iværksat"};
constexpr std::string_view plan_headers[] = {"Borgerplan", "Handleplan", "Plan"};
constexpr std::string_view end_headers[] = {"Slut", "Slutdato", "Afsluttet", "End"};
constexpr std::string_view end_reason_headers[] = {"Ophørsårsag", "End reason"};
constexpr std::string_view date_headers[] = {"Dato", "Date"};
constexpr std::string_view type_headers[] = {"Type", "Hændelse"};
constexpr std::string_view outcome_headers[] = {"Udfald", "Outcome"};
constexpr std::string_view mode_headers[] = {"Form", "Kontaktform", "Mode"};
constexpr std::string_view note_headers[] = {"Note", "Bemærkning", "Notat"};
constexpr std::string_view reason_headers[] = {"Årsag", "Reason"};
constexpr std::string_view kind_headers[] = {"Art", "Kind"};
constexpr std::string_view status_headers[] = {"Status"};

const ColumnInfo column_table[] = {
    {Column::id, "id", id_headers, "Sagsnr", true, true, Key::id},
    {Column::name, "name", name_headers, "Navn", true, false, std::nullopt},
    {Column::cpr, "cpr", cpr_headers, "CPR", true, false, std::nullopt},
    {Column::paragraph, "paragraph", paragraph_headers, "Paragraf", true, false, Key::paragraph},
    {Column::level, "level", level_headers, "Niveau", true, true, Key::level},
    {Column::advisor, "advisor", advisor_headers, "Rådgiver", true, false, Key::advisor},
    {Column::coach, "coach", coach_headers, "Mestringsvejleder", true, false, Key::coach},
    {Column::applied, "applied", applied_headers, "Ansøgt", true, false, Key::applied},
    {Column::decided, "decided", decided_headers, "Afgørelse", true, false, Key::decided},
    {Column::start, "start", start_headers, "Startdato", true, false, Key::start},
    {Column::plan, "plan", plan_headers, "Borgerplan", true, false, Key::plan},
    {Column::end, "end", end_headers, "Slutdato", true, false, Key::end},
    {Column::end_reason, "end_reason", end_reason_headers, "Ophørsårsag", true, false, Key::end_reason},
    {Column::date, "date", date_headers, "", false, true, std::nullopt},
    {Column::type, "type", type_headers, "", false, true, std::nullopt},
    {Column::outcome, "outcome", outcome_headers, "", false, true, std::nullopt},
    {Column::mode, "mode", mode_headers, "", false, true, std::nullopt},
    {Column::note, "note", note_headers, "", false, true, std::nullopt},
    {Column::reason, "reason", reason_headers, "", false, true, std::nullopt},
    {Column::kind, "kind", kind_headers, "", false, true, std::nullopt},
    {Column::status, "status", status_headers, "", false, true, std::nullopt},
};

// ---- Data checks ----

constexpr CheckInfo check_table[] = {
    {Check::schema,
     "schema",
     Severity::error,
     {"A case file has an unknown key, a value of the wrong type, a missing required key or a bad choice",
      "En sagsfil har en ukendt nøgle, en værdi af forkert type, en manglende påkrævet nøgle eller et ugyldigt valg"},
     false},
    {Check::date,
     "date",
     Severity::error,
     {"A date is impossible, unparseable, or implausibly far after the as-of date",
      "En dato er umulig, ulæselig eller usandsynligt langt efter beregningsdatoen"},
     false},
    {Check::id_filename,
     "id-filename",
     Severity::error,
     {"A case's id differs from its file name", "En sags id er ikke det samme som filnavnet"},
     false},
    {Check::duplicate_id,
     "duplicate-id",
     Severity::error,
     {"Two case files have the same id", "To sagsfiler har samme id"},
     false},
    {Check::date_order,
     "date-order",
     Severity::error,
     {"Dates of a case are out of order (end before start, decided before applied, …)",
      "En sags datoer står i forkert rækkefølge (ophør før start, afgørelse før ansøgning, …)"},
     false},
    {Check::cpr,
     "cpr",
     Severity::error,
     {"A CPR number does not begin with a real birth date", "Et CPR-nummer begynder ikke med en rigtig fødselsdato"},
     false},
    {Check::age,
     "age",
     Severity::warning,
     {"The citizen is under 18 at start, when Serviceloven's adult rules do not apply",
      "Borgeren er under 18 år ved start, hvor Servicelovens regler for voksne ikke gælder"},
     false},
    {Check::parse,
     "parse",
     Severity::error,
     {"A case file is not valid YAML or cannot be read", "En sagsfil er ikke gyldig YAML eller kan ikke læses"},
     true},
    {Check::limit,
     "limit",
     Severity::error,
     {"A case file is larger or nests deeper than the limits allow",
      "En sagsfil er større eller mere indlejret, end grænserne tillader"},
     true},
    {Check::encoding,
     "encoding",
     Severity::error,
     {"A case file is not UTF-8 or holds a control character",
      "En sagsfil er ikke UTF-8 eller indeholder et kontroltegn"},
     true},
    {Check::yaml_subset,
     "yaml-subset",
     Severity::error,
     {"A case file uses YAML a case file never needs: an anchor, an alias or a second document",
      "En sagsfil bruger YAML, som en sagsfil aldrig har brug for: et anker, et alias eller et andet dokument"},
     true},
    {Check::cpr_in_text,
     "cpr-in-text",
     Severity::error,
     {"A CPR-like number stands in a text other than citizen.cpr (a name, a note, the id), where it travels "
      "into agendas, exports and e-mails",
      "Et tal, der ligner et CPR-nummer, står i en anden tekst end citizen.cpr (et navn, en note, id'et), hvor det "
      "følger med i dagsordener, eksporter og e-mails"},
     false},
    {Check::exemption,
     "exemption",
     Severity::error,
     {"An exemption names no rule or no reason, or its period is reversed or longer than allowed",
      "En fritagelse mangler regel eller begrundelse, eller dens periode er vendt om eller længere end tilladt"},
     false},
};

template <typename Table, typename Pred> auto *find_in(const Table &table, Pred pred) {
  const auto it = std::find_if(std::begin(table), std::end(table), pred);
  return it == std::end(table) ? nullptr : &*it;
}

} // namespace

template <> std::span<const Choice> choices<Outcome>() { return outcomes; }
template <> std::span<const Choice> choices<Mode>() { return modes; }
template <> std::span<const Choice> choices<FollowupKind>() { return kinds; }
template <> std::span<const Choice> choices<Reason>() { return reasons; }
template <> std::span<const Choice> choices<EndReason>() { return end_reasons; }
template <> std::span<const Choice> choices<Decision>() { return decisions; }
template <> std::span<const Choice> choices<Role>() { return roles; }

std::string normalize_word(std::string_view word) {
  std::string out;
  const auto b = word.find_first_not_of(" \t");
  if (b == std::string_view::npos)
    return out;
  word = word.substr(b, word.find_last_not_of(" \t") - b + 1);
  for (size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (c == 0xC3 && i + 1 < word.size()) {
      const auto d = static_cast<unsigned char>(word[i + 1]);
      const char *repl = (d == 0xA6 || d == 0x86)   ? "ae"
                         : (d == 0xB8 || d == 0x98) ? "oe"
                         : (d == 0xA5 || d == 0x85) ? "aa"
                                                    : nullptr;
      if (repl) {
        out += repl;
        ++i;
        continue;
      }
    }
    out += char(std::tolower(c));
  }
  return out;
}

template <typename E> std::optional<E> choice_from_sheet(std::string_view cell) {
  const auto word = normalize_word(cell);
  const auto all = choices<E>();
  for (size_t i = 0; i < all.size(); ++i) {
    if (normalize_word(all[i].id) == word)
      return E(i);
    for (const auto s : all[i].spellings)
      if (normalize_word(s) == word)
        return E(i);
  }
  return std::nullopt;
}

std::string join_or(std::span<const std::string_view> words, Lang lang) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i)
    out += fmt::format("{}{}", i == 0 ? "" : i + 1 == words.size() ? tr(lang, " or ") : ", ", words[i]);
  return out;
}

template <typename E> std::string choice_list(Lang lang) {
  std::vector<std::string_view> ids;
  for (const auto &c : choices<E>())
    ids.push_back(c.id);
  return join_or(ids, lang);
}

#define MESTRING_CHOICE_SET(E)                                                                                         \
  template std::optional<E> choice_from_sheet<E>(std::string_view);                                                    \
  template std::string choice_list<E>(Lang);
MESTRING_CHOICE_SET(Outcome)
MESTRING_CHOICE_SET(Mode)
MESTRING_CHOICE_SET(FollowupKind)
MESTRING_CHOICE_SET(Reason)
MESTRING_CHOICE_SET(EndReason)
MESTRING_CHOICE_SET(Decision)
MESTRING_CHOICE_SET(Role)
#undef MESTRING_CHOICE_SET

std::span<const KeyInfo> case_keys() { return keys; }
const KeyInfo &key_info(Key k) { return keys[size_t(k)]; }
std::string_view name_of(Key k) { return keys[size_t(k)].name; }
std::string_view name_of(Sub s) { return sub_names_table[size_t(s)]; }

std::optional<Key> find_key(std::string_view name) {
  const auto *k = find_in(keys, [&](const KeyInfo &i) { return i.name == name; });
  return k ? std::optional{k->key} : std::nullopt;
}

std::optional<Sub> find_sub(std::string_view name) {
  for (size_t i = 0; i < std::size(sub_names_table); ++i)
    if (sub_names_table[i] == name)
      return Sub(i);
  return std::nullopt;
}

std::vector<std::string_view> sub_names(std::span<const Sub> subs) {
  std::vector<std::string_view> out;
  for (const auto s : subs)
    out.push_back(name_of(s));
  return out;
}

std::vector<std::string> documented_keys() {
  std::vector<std::string> out;
  for (const auto &k : keys)
    out.emplace_back(k.name);
  for (const auto &k : keys)
    for (const auto s : k.subkeys)
      out.push_back(fmt::format("{}.{}", k.name, name_of(s)));
  return out;
}

const KeyInfo *find_event(std::string_view event) {
  return find_in(keys, [&](const KeyInfo &k) { return !k.event.empty() && k.event == event; });
}

const KeyInfo *event_from_sheet(std::string_view cell) {
  const auto word = normalize_word(cell);
  return find_in(keys, [&](const KeyInfo &k) {
    return std::any_of(k.sheet_types.begin(), k.sheet_types.end(),
                       [&](std::string_view t) { return normalize_word(t) == word; });
  });
}

std::span<const ColumnInfo> columns() { return column_table; }
const ColumnInfo &column_info(Column c) { return column_table[size_t(c)]; }

std::optional<Column> find_column_field(std::string_view field) {
  const auto *c = find_in(column_table, [&](const ColumnInfo &i) { return i.field == field; });
  return c ? std::optional{c->column} : std::nullopt;
}

std::string normalize_header(std::string_view header) {
  std::string h = normalize_word(header);
  while (!h.empty() && (h.back() == '.' || h.back() == '-' || h.back() == ' '))
    h.pop_back();
  return h;
}

std::optional<Column> find_column_header(std::string_view header) {
  const auto wanted = normalize_header(header);
  const auto *c = find_in(column_table, [&](const ColumnInfo &i) {
    return std::any_of(i.headers.begin(), i.headers.end(),
                       [&](std::string_view h) { return normalize_header(h) == wanted; });
  });
  return c ? std::optional{c->column} : std::nullopt;
}

std::span<const CheckInfo> data_checks() { return check_table; }
const CheckInfo &check_info(Check c) { return check_table[size_t(c)]; }
std::string_view id_of(Check c) { return check_table[size_t(c)].id; }
const CheckInfo *find_data_check(std::string_view id) {
  return find_in(check_table, [&](const CheckInfo &i) { return i.id == id; });
}

} // namespace mestring
