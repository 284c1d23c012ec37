// The starter config walks the embedded defaults line by line: their own
// comments (English, for developers) are dropped, each key line is kept as a
// comment under its explanation from the table below, and each rule gets
// its title from the catalog and its `role` line, which the defaults leave
// to the catalog. A key the table lacks is a failing unit test, not a
// silent gap.
#include <mestring/starter_config.hpp>

#include <mestring/config.hpp>
#include <mestring/rules.hpp>
#include <mestring/schema.hpp>

#include <fmt/format.h>
#include <vector>

namespace mestring {

namespace {

struct Help {
  std::string_view path;
  Text text;
};

// One line per setting; a rule's settings are written "rules.*.KEY".
constexpr Help help_table[] = {
    {"cases",
     {"Where the case files are, relative to the folder of this file.",
      "Hvor sagsfilerne ligger, set fra mappen med denne fil."}},
    {"language",
     {"Language of messages: en, da, or auto to follow LANG; --lang on the command line wins.",
      "Sproget i meddelelser: en, da eller auto (følger LANG); --lang på kommandolinjen går forud."}},
    {"programmes",
     {"The programmes a case's paragraph may name; a municipality may add its own.",
      "De forløb, en sags paragraph kan nævne; kommunen kan tilføje sine egne."}},
    {"calendar",
     {"The offices' calendar: closing days and open holidays.", "Kontorernes kalender: lukkedage og åbne helligdage."}},
    {"calendar.closed",
     {"Extra days the offices are closed, e.g. [2025-05-02].",
      "Ekstra dage, hvor kontorerne holder lukket, fx [2025-05-02]."}},
    {"calendar.open",
     {"Holidays on which the offices are open as usual.", "Helligdage, hvor kontorerne har åbent som på andre dage."}},
    {"calendar.move_off_weekends",
     {"true: a due date on a closed day moves to the next working day.",
      "true: en frist, der falder på en lukkedag, flyttes til næste arbejdsdag."}},
    {"calendar.cancelled_days",
     {"Days a calendar file keeps what was done, marked cancelled, so calendars drop it; 0: none.",
      "Dage, en kalenderfil beholder det, der er gjort, markeret som aflyst, så kalenderne fjerner det; 0: ingen."}},
    {"csv",
     {"How every CSV is written (check, due, stats, export).",
      "Hvordan alle CSV-filer skrives (check, due, stats, export)."}},
    {"csv.delimiter",
     {"The separator: \";\" (what Danish Excel opens into columns), \",\", \"|\" or tab; --delimiter wins.",
      "Skilletegnet: \";\" (som dansk Excel åbner i kolonner), \",\", \"|\" eller tab; --delimiter går forud."}},
    {"csv.bom",
     {"true: start with a UTF-8 byte-order mark, so Excel reads æ, ø and å right.",
      "true: begynd med et UTF-8-byteordensmærke, så Excel læser æ, ø og å rigtigt."}},
    {"privacy", {"What the output may show of the citizens.", "Hvad udskrifterne må vise om borgerne."}},
    {"privacy.show_cpr",
     {"true: print CPR numbers in full, as --show-cpr does.", "true: vis cpr-numre fuldt ud, som --show-cpr gør."}},
    {"privacy.names",
     {"full, or ids-only to leave the citizens' names out of all output (cron mail).",
      "full, eller ids-only for at udelade borgernes navne i alt output (mails fra cron)."}},
    {"exemptions",
     {"Exemptions set a rule aside for a while (mestring add exemption).",
      "Fritagelser sætter en regel ud af kraft for en tid (mestring add exemption)."}},
    {"exemptions.max_length",
     {"The longest an exemption may run; a longer one is a data error.",
      "Den længste tid, en fritagelse må gælde; en længere er en datafejl."}},
    {"limits",
     {"Checked before a case file is read; a file past a limit is reported (limit).",
      "Kontrolleres, før en sagsfil læses; en fil over en grænse meldes (limit)."}},
    {"limits.max_file_size",
     {"The largest case file read: 8 MiB, 512 KiB or a number of bytes.",
      "Den største sagsfil, der læses: 8 MiB, 512 KiB eller et antal bytes."}},
    {"limits.max_depth",
     {"The deepest nesting of lists and mappings (a case file needs about 5).",
      "Den dybeste indlejring af lister og afbildninger (en sagsfil bruger omkring 5)."}},
    {"rules",
     {"Each rule: on or off, severity, who must act, programmes and spans (mestring explain ID).",
      "Hver regel: til eller fra, alvor, hvem der skal handle, forløb og frister (mestring explain ID)."}},
    {"rules.*.enabled",
     {"true: the rule is checked; false: it is off.", "true: reglen kontrolleres; false: den er slået fra."}},
    {"rules.*.severity",
     {"error, warning or info: how check reports a missed deadline.",
      "error, warning eller info: hvor alvorligt check melder en overskredet frist."}},
    {"rules.*.role",
     {"Who must act: authority (the case's advisor) or coach.",
      "Hvem skal handle: authority (sagens rådgiver) eller coach (mestringsvejlederen)."}},
    {"rules.*.programmes", {"The programmes the rule applies to.", "De forløb, reglen gælder for."}},
    {"rules.*.period",
     {"The span the due date is counted with: 3 months, 8 weeks, 14 days, 10 working days.",
      "Fristen, der regnes med (skrives på engelsk): 3 months, 8 weeks, 14 days, 10 working days."}},
    {"rules.*.window",
     {"The window the reached contacts are counted in.", "Perioden, kontakterne med borgeren tælles i."}},
    {"rules.*.attempts",
     {"Unanswered attempts in a row before the authority must be told.",
      "Forgæves kontaktforsøg i træk, før Myndigheden skal orienteres."}},
    {"rules.*.minimum",
     {"Reached contacts expected at least in the window, per level.",
      "Kontakter med borgeren, der mindst forventes i perioden, pr. niveau."}},
    {"rules.*.maximum",
     {"Reached contacts per level above which a change of level may be relevant.",
      "Kontakter pr. niveau, over hvilke en niveauændring kan være relevant."}},
    {"rules.*.exempt", {"End reasons that need no hearing.", "Ophørsårsager, der ikke kræver partshøring."}},
};

constexpr Text header[] = {
    {"mestring.yaml: the settings of this case repository, made by `mestring init`.",
     "mestring.yaml: indstillingerne for dette sagsarkiv, lavet af `mestring init`."},
    {"Every setting is here as a comment, with its built-in default. To change one,",
     "Alle indstillinger står her som kommentarer med deres standardværdi. For at ændre"},
    {"delete the # before it and before its section's line, then edit the value.",
     "en: slet # foran den og foran linjen for dens afsnit, og ret så værdien."},
    {"`mestring config` prints the settings in effect; `man 5 mestring` explains each.",
     "`mestring config` viser de gældende indstillinger; `man 5 mestring` forklarer dem."},
};

struct KeyLine {
  size_t indent = 0;
  std::string key;
};

// A line of the defaults that holds a key: "  closed: []" → {2, "closed"}.
std::optional<KeyLine> key_line(std::string_view line) {
  const auto indent = line.find_first_not_of(' ');
  if (indent == std::string_view::npos || line[indent] == '#' || line[indent] == '-')
    return std::nullopt;
  const auto colon = line.find(':', indent);
  if (colon == std::string_view::npos)
    return std::nullopt;
  auto key = line.substr(indent, colon - indent);
  if (key.size() >= 2 && key.front() == '"' && key.back() == '"')
    key = key.substr(1, key.size() - 2);
  return KeyLine{indent, std::string(key)};
}

} // namespace

std::string_view setting_help(std::string_view path, Lang lang) {
  for (const auto &h : help_table)
    if (h.path == path)
      return h.text(lang);
  return "";
}

std::string starter_config(Lang lang) {
  std::string out;
  for (const auto &line : header)
    out += fmt::format("# {}\n", line(lang));
  const auto text = default_config_text();
  std::vector<std::string> path; // the keys above the current line, by indentation
  const auto explain = [&](size_t indent, std::string_view words) {
    if (words.empty())
      return;
    out += indent == 0 ? fmt::format("\n# {}\n", words) : fmt::format("#{}# {}\n", std::string(indent, ' '), words);
  };
  for (size_t start = 0; start < text.size();) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos)
      end = text.size();
    const auto line = text.substr(start, end - start);
    start = end + 1;
    const auto k = key_line(line);
    if (!k)
      continue; // a comment, a blank line, or a list item of a block list
    const size_t depth = k->indent / 2;
    path.resize(depth);
    path.push_back(k->key);
    if (path.size() == 2 && path[0] == "rules") {
      const auto *spec = find_rule(k->key);
      explain(k->indent, spec ? fmt::format("{}: {}", spec->id, spec->title(lang)) : std::string());
    } else if (path.size() == 3 && path[0] == "rules") {
      explain(k->indent, setting_help(fmt::format("rules.*.{}", k->key), lang));
    } else {
      std::string dotted;
      for (const auto &p : path)
        dotted += (dotted.empty() ? "" : ".") + p;
      explain(k->indent, setting_help(dotted, lang));
    }
    if (path.size() == 1 && k->key == "cases") {
      out += fmt::format("cases: {}\n", starter_cases_folder);
      continue;
    }
    out += fmt::format("#{}\n", line);
    // Who must act comes from the catalog, not the defaults: shown after the severity.
    if (path.size() == 3 && path[0] == "rules" && k->key == "severity")
      if (const auto *spec = find_rule(path[1])) {
        explain(k->indent, setting_help("rules.*.role", lang));
        out += fmt::format("#{}role: {}\n", std::string(k->indent, ' '), id_of(spec->role));
      }
  }
  return out;
}

} // namespace mestring
