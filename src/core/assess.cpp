#include <mestring/assess.hpp>

#include <algorithm>

namespace mestring {

CaseSummary summarize(const Case &c, Date as_of) {
  return {c.file,      c.id, c.name, c.paragraph, c.coach, c.advisor, level_on(c, as_of).level, status_of(c, as_of),
          c.exemptions};
}

const std::string &owner_of(const Obligation &o, const CaseSummary &c) {
  return o.role == Role::authority ? c.advisor : c.coach;
}

const Exemption *exemption_of(const Obligation &o, const CaseSummary &c) {
  return o.exempted() && size_t(o.exemption) < c.exemptions.size() ? &c.exemptions[size_t(o.exemption)] : nullptr;
}

Assessed assess_case(const Case &c, const Config &cfg, Date as_of, const Keep &keep) {
  // Every obligation into a buffer each thread reuses; only those kept are
  // copied out, so a case with none to show allocates nothing for them.
  thread_local std::vector<Obligation> all;
  obligations_of(c, cfg, as_of, all);
  Assessed out{summarize(c, as_of), {}};
  const auto kept = keep ? size_t(std::count_if(all.begin(), all.end(), keep)) : all.size();
  out.obligations.reserve(kept);
  for (const auto &o : all)
    if (!keep || keep(o))
      out.obligations.push_back(o);
  return out;
}

namespace {

// Assesses what load_each loads from `files` (paths, or paths with bytes).
template <typename Files>
Assessment assess_loaded(const Files &files, const Config &cfg, Date as_of, const LoadOptions &opt, const Keep &keep) {
  std::vector<std::optional<Assessed>> slots(files.size());
  Assessment out;
  out.files = files.size();
  // The views print no notes: the cache need not decode them.
  LoadOptions without_notes = opt;
  without_notes.notes = false;
  out.findings = load_each(files, cfg, as_of, without_notes,
                           [&](size_t i, Case &c) { slots[i] = assess_case(c, cfg, as_of, keep); });
  for (auto &slot : slots)
    if (slot)
      out.cases.push_back(std::move(*slot));
  return out;
}

} // namespace

Assessment assess_files(const std::vector<std::string> &files, const Config &cfg, Date as_of, const LoadOptions &opt,
                        const Keep &keep) {
  return assess_loaded(files, cfg, as_of, opt, keep);
}

Assessment assess_files(const std::vector<CaseBytes> &files, const Config &cfg, Date as_of, const LoadOptions &opt,
                        const Keep &keep) {
  return assess_loaded(files, cfg, as_of, opt, keep);
}

} // namespace mestring
