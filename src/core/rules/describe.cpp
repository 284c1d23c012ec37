// The texts of an obligation, made from its data only when something is
// printed: a run over 100,000 cases formats only the lines it shows.
#include <mestring/rules.hpp>

#include <fmt/format.h>

namespace mestring {

namespace {

// The words of anchors and evidence. Fields an evidence names keep their
// key in English ("main_phase 2025-03-01"), so a reader finds the line.
constexpr Text terms[] = {
    {"start", "start"},
    {"plan", "borgerplan"},
    {"applied", "ansøgt"},
    {"decided", "afgørelse"},
    {"end", "ophør"},
    {"follow-up", "opfølgning"},
    {"health check", "helbredstjek"},
    {"contact", "kontakt"},
    {"escalation", "orientering"},
    {"main_phase", "hovedforløb"},
    {"closing_talk", "afsluttende samtale"},
    {"hearing", "partshøring"},
    {"report", "forløbsbeskrivelse"},
    {"status", "status"},
    {"first unanswered attempt", "første forgæves kontaktforsøg"},
    {"meeting", "møde"},
    {"significant change", "væsentlig ændring"},
};

std::string_view term(Term t, Lang lang) { return terms[size_t(t)](lang); }

} // namespace

std::string anchor_text(const Obligation &o, const Config &cfg, Lang lang) {
  const auto &a = o.anchor;
  switch (a.op) {
  case Anchor::Op::plus:
  case Anchor::Op::minus:
    return fmt::format("{} {} {} {}", term(a.term, lang), a.date.iso(), a.op == Anchor::Op::plus ? "+" : "−",
                       format_duration(cfg.rule(*o.rule).period, lang));
  case Anchor::Op::nth: return trf(lang, "unanswered attempt no. {} on {}", a.n, a.date.iso());
  case Anchor::Op::range: return trf(lang, "reached contacts {} to {}", a.date.iso(), a.to.iso());
  case Anchor::Op::none: break;
  }
  return fmt::format("{} {}", term(a.term, lang), a.date.iso());
}

std::string evidence_text(const Obligation &o, Lang lang) {
  if (o.count)
    return trf(lang, "{} reached", o.count->reached);
  if (!o.evidence)
    return "";
  const auto &e = *o.evidence;
  return e.line > 0 ? trf(lang, "{} {} (line {})", term(e.term, lang), e.date.iso(), e.line)
                    : fmt::format("{} {}", term(e.term, lang), e.date.iso());
}

std::string rate_message(const Obligation &o, Lang lang) {
  if (!o.count)
    return "";
  const auto &n = *o.count;
  const auto counted =
      trf(lang, n.reached == 1 ? "{} reached contact from {} to {}" : "{} reached contacts from {} to {}", n.reached,
          o.anchor.date.iso(), o.anchor.to.iso());
  if (n.at_least)
    return trf(lang, "{}; level {} expects at least {}", counted, n.level, n.limit);
  if (o.state == State::met)
    return trf(lang, "{}; level {} expects at most {}", counted, n.level, n.limit);
  return trf(lang, "{}, more than the {} level {} allows; a change of level may be relevant", counted, n.limit,
             n.level);
}

Finding finding_of(const std::string &file, const std::string &case_id, const Obligation &o, const Config &cfg,
                   Lang lang) {
  Finding f;
  f.severity = o.severity;
  f.file = file;
  f.line = o.line;
  f.rule = std::string(o.id());
  f.case_id = case_id;
  f.due = o.due;
  f.message = o.count ? rate_message(o, lang)
                      : trf(lang, "{} was due {} ({})", o.rule->noun(lang), o.due ? o.due->iso() : "",
                            anchor_text(o, cfg, lang));
  return f;
}

} // namespace mestring
