// Bar geometry is computed in doubles and written with two decimals, never
// rounded per segment, so a stacked bar's segments meet exactly and each
// length stays value × scale within a hundredth of a unit: a test can read
// the rects back and compare them with the numbers they claim to show.
#include <mestring/svg.hpp>

#include <algorithm>
#include <fmt/format.h>

namespace mestring::svg {

namespace {

constexpr double font_size = 11;
constexpr double char_width = 5.8; // an average sans-serif character at 11 px, a little generous
constexpr double legend_height = 22;
constexpr double axis_height = 18;

std::string num(double v) {
  auto s = fmt::format("{:.2f}", v);
  while (s.back() == '0')
    s.pop_back();
  if (s.back() == '.')
    s.pop_back();
  return s == "-0" ? "0" : s;
}

size_t code_points(std::string_view s) {
  return size_t(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The first `n` code points of s, with an ellipsis when something was cut.
std::string clip(std::string_view s, size_t n) {
  if (code_points(s) <= n)
    return std::string(s);
  size_t at = 0, seen = 0;
  while (at < s.size() && seen < n - 1) {
    ++at;
    while (at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80)
      ++at;
    ++seen;
  }
  return std::string(s.substr(0, at)) + "…";
}

std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> out;
  size_t at = 0;
  for (size_t nl; (nl = s.find('\n', at)) != std::string_view::npos; at = nl + 1)
    out.emplace_back(s.substr(at, nl - at));
  out.emplace_back(s.substr(at));
  return out;
}

// The value axis: a step of 1, 2 or 5 times a power of ten, and the fewest
// such steps (at most six) that reach the largest value.
struct Axis {
  long max, step;
};
Axis axis_for(long largest) {
  largest = std::max(1L, largest);
  for (long power = 1;; power *= 10)
    for (const long unit : {1L, 2L, 5L}) {
      const long step = unit * power;
      const long steps = (largest + step - 1) / step;
      if (steps <= 6)
        return {steps * step, step};
    }
}

std::string pattern_id(const BarChart &c, size_t series) { return fmt::format("{}-fill{}", c.id, series); }

// The paint of series i: its colour, or its pattern (defined in <defs>).
std::string paint(const BarChart &c, size_t i) {
  return c.series[i].fill.pattern == Pattern::none ? c.series[i].fill.color : fmt::format("url(#{})", pattern_id(c, i));
}

void write_patterns(html::Writer &w, const BarChart &c) {
  w.open("defs");
  for (size_t i = 0; i < c.series.size(); ++i) {
    const auto &f = c.series[i].fill;
    if (f.pattern == Pattern::none)
      continue;
    std::vector<html::Attr> a{
        {"id", pattern_id(c, i)}, {"patternUnits", "userSpaceOnUse"}, {"width", "6"}, {"height", "6"}};
    if (f.pattern != Pattern::dots)
      a.push_back({"patternTransform", "rotate(45)"});
    w.open("pattern", a);
    w.empty("rect", {{"width", "6"}, {"height", "6"}, {"fill", f.color}});
    switch (f.pattern) {
    case Pattern::crosshatch:
      w.empty("line", {{"x1", "0"}, {"y1", "3"}, {"x2", "6"}, {"y2", "3"}, {"stroke", f.ink}, {"stroke-width", "1.2"}});
      [[fallthrough]];
    case Pattern::stripes:
      w.empty("line", {{"x1", "3"}, {"y1", "0"}, {"x2", "3"}, {"y2", "6"}, {"stroke", f.ink}, {"stroke-width", "1.5"}});
      break;
    case Pattern::dots: w.empty("circle", {{"cx", "3"}, {"cy", "3"}, {"r", "1.3"}, {"fill", f.ink}}); break;
    case Pattern::none: break;
    }
    w.close("pattern");
  }
  w.close("defs").newline();
}

std::vector<html::Attr> fill_attrs(const BarChart &c, size_t i) {
  std::vector<html::Attr> a{{"fill", paint(c, i)}};
  if (c.series[i].fill.outline) {
    a.push_back({"stroke", "#222222"});
    a.push_back({"stroke-width", "0.8"});
  }
  return a;
}

// The legend: a swatch and a label per series, left to right.
void write_legend(html::Writer &w, const BarChart &c, double y) {
  w.open("g", {{"class", "legend"}});
  double x = 0;
  for (size_t i = 0; i < c.series.size(); ++i) {
    auto a = fill_attrs(c, i);
    a.insert(a.begin(), {{"x", num(x)}, {"y", num(y)}, {"width", "14"}, {"height", "11"}});
    w.empty("rect", a);
    w.element("text", c.series[i].label, {{"x", num(x + 18)}, {"y", num(y + 9.5)}});
    x += 18 + double(code_points(c.series[i].label)) * char_width + 16;
  }
  w.close("g").newline();
}

long total_of(const Category &cat) {
  long t = 0;
  for (const long v : cat.values)
    t += std::max(0L, v);
  return t;
}

struct Frame {
  double width, height, x0, y0, length; // plot origin and the value axis' length
  double scale;                         // units per count
  Axis axis;
};

void open_svg(html::Writer &w, const BarChart &c, const Frame &f) {
  w.open("svg", {{"xmlns", "http://www.w3.org/2000/svg"},
                 {"class", "chart"},
                 {"role", "img"},
                 {"aria-labelledby", c.id + "-title " + c.id + "-desc"},
                 {"width", num(f.width)},
                 {"height", num(f.height)},
                 {"viewBox", fmt::format("0 0 {} {}", num(f.width), num(f.height))},
                 {"data-chart", c.id},
                 {"data-direction", c.direction == Direction::horizontal ? "horizontal" : "vertical"},
                 {"data-scale", fmt::format("{:.6f}", f.scale)},
                 {"font-family", "Liberation Sans, Arial, Helvetica, sans-serif"},
                 {"font-size", num(font_size)}});
  w.element("title", c.title, {{"id", c.id + "-title"}});
  w.element("desc", c.desc, {{"id", c.id + "-desc"}}).newline();
}

// Vertical grid lines at each step, and the numbers under them.
void write_horizontal_axis(html::Writer &w, const Frame &f, double top, double bottom) {
  w.open("g", {{"class", "axis"}, {"stroke", "#bbbbbb"}, {"stroke-width", "0.6"}});
  for (long t = 0; t <= f.axis.max; t += f.axis.step)
    w.empty("line", {{"x1", num(f.x0 + double(t) * f.scale)},
                     {"y1", num(top)},
                     {"x2", num(f.x0 + double(t) * f.scale)},
                     {"y2", num(bottom + 3)}});
  w.close("g").open("g", {{"class", "ticks"}, {"text-anchor", "middle"}, {"fill", "#333333"}});
  for (long t = 0; t <= f.axis.max; t += f.axis.step)
    w.element("text", std::to_string(t), {{"x", num(f.x0 + double(t) * f.scale)}, {"y", num(bottom + 14)}});
  w.close("g").newline();
}

// Horizontal grid lines at each step, and the numbers left of them.
void write_vertical_axis(html::Writer &w, const Frame &f, double axis_width, double bottom) {
  w.open("g", {{"class", "axis"}, {"stroke", "#bbbbbb"}, {"stroke-width", "0.6"}});
  for (long t = 0; t <= f.axis.max; t += f.axis.step)
    w.empty("line", {{"x1", num(axis_width - 3)},
                     {"y1", num(bottom - double(t) * f.scale)},
                     {"x2", num(f.width)},
                     {"y2", num(bottom - double(t) * f.scale)}});
  w.close("g").open("g", {{"class", "ticks"}, {"text-anchor", "end"}, {"fill", "#333333"}});
  for (long t = 0; t <= f.axis.max; t += f.axis.step)
    w.element("text", std::to_string(t), {{"x", num(axis_width - 5)}, {"y", num(bottom - double(t) * f.scale + 4)}});
  w.close("g").newline();
}

void write_segment(html::Writer &w, const BarChart &c, const Category &cat, size_t s, double x, double y, double wd,
                   double ht) {
  auto a = fill_attrs(c, s);
  a.insert(a.begin(), {{"x", num(x)},
                       {"y", num(y)},
                       {"width", num(wd)},
                       {"height", num(ht)},
                       {"data-category", cat.key},
                       {"data-series", c.series[s].key},
                       {"data-value", std::to_string(s < cat.values.size() ? cat.values[s] : 0)}});
  w.empty("rect", a);
}

void write_empty_note(html::Writer &w, const BarChart &c, double x, double y) {
  w.element("text", c.empty_text, {{"x", num(x)}, {"y", num(y)}, {"text-anchor", "middle"}, {"fill", "#333333"}});
}

void write_horizontal(html::Writer &w, const BarChart &c, long max_total) {
  constexpr double row = 15, thickness = 11;
  size_t longest = 4;
  for (const auto &cat : c.categories)
    longest = std::max(longest, code_points(cat.label));
  const double label_width = std::min(double(longest) * char_width + 10, double(c.width) * 0.45);
  // With a hair of slack: (13 × 5.8) / 5.8 is 12.999…, which cut "Sofie Nielsen" short.
  const size_t label_chars = size_t((label_width - 10) / char_width + 1e-6);
  const double top = c.series.size() > 1 ? legend_height : 4;
  const double rows = double(std::max<size_t>(c.categories.size(), 1));
  Frame f{
      double(c.width),    top + rows * row + axis_height + 2, label_width, top, double(c.width) - label_width - 44, 0,
      axis_for(max_total)};
  f.scale = f.length / double(f.axis.max);
  open_svg(w, c, f);
  write_patterns(w, c);
  if (c.series.size() > 1)
    write_legend(w, c, 2);

  // Grid and value axis under the bars; none when there is nothing to measure.
  const double bottom = top + rows * row;
  if (max_total > 0)
    write_horizontal_axis(w, f, top, bottom);
  else
    write_empty_note(w, c, f.x0 + f.length / 2, top + 11);
  for (size_t k = 0; k < c.categories.size(); ++k) {
    const auto &cat = c.categories[k];
    const double y = top + double(k) * row + (row - thickness) / 2;
    w.open("g", {{"class", "bar"}});
    w.element("text", clip(cat.label, label_chars),
              {{"x", num(label_width - 6)}, {"y", num(y + thickness - 2.5)}, {"text-anchor", "end"}});
    double x = f.x0;
    for (size_t s = 0; s < c.series.size(); ++s) {
      const double len = double(s < cat.values.size() ? std::max(0L, cat.values[s]) : 0) * f.scale;
      write_segment(w, c, cat, s, x, y, len, thickness);
      x += len;
    }
    if (max_total > 0)
      w.element("text", std::to_string(total_of(cat)), {{"x", num(x + 4)}, {"y", num(y + thickness - 2.5)}});
    w.close("g").newline();
  }
  w.close("svg").newline();
}

void write_vertical(html::Writer &w, const BarChart &c, long max_total) {
  constexpr double plot_height = 110, axis_width = 34;
  size_t label_lines = 1;
  for (const auto &cat : c.categories)
    label_lines = std::max(label_lines, split_lines(cat.label).size());
  const double top = c.series.size() > 1 ? legend_height + 14 : 14; // room for the totals above
  const double bottom = top + plot_height;
  Frame f{double(c.width), bottom + 6 + 13 * double(label_lines), axis_width, top, plot_height, 0, axis_for(max_total)};
  f.scale = f.length / double(f.axis.max);
  open_svg(w, c, f);
  write_patterns(w, c);
  if (c.series.size() > 1)
    write_legend(w, c, 2);

  const double plot_width = double(c.width) - axis_width - 4;
  const double column = plot_width / double(std::max<size_t>(c.categories.size(), 1));
  const double bar = std::min(column * 0.7, 42.0);
  const auto label_chars = size_t(std::max(3.0, column / char_width));

  if (max_total > 0)
    write_vertical_axis(w, f, axis_width, bottom);
  else
    write_empty_note(w, c, f.width / 2, top + plot_height / 2);

  for (size_t k = 0; k < c.categories.size(); ++k) {
    const auto &cat = c.categories[k];
    const double centre = axis_width + column * (double(k) + 0.5);
    w.open("g", {{"class", "bar"}});
    double y = bottom;
    for (size_t s = 0; s < c.series.size(); ++s) {
      const double len = double(s < cat.values.size() ? std::max(0L, cat.values[s]) : 0) * f.scale;
      y -= len;
      write_segment(w, c, cat, s, centre - bar / 2, y, bar, len);
    }
    if (max_total > 0)
      w.element("text", std::to_string(total_of(cat)),
                {{"x", num(centre)}, {"y", num(y - 3)}, {"text-anchor", "middle"}});
    const auto lines = split_lines(cat.label);
    for (size_t l = 0; l < lines.size(); ++l)
      w.element("text", clip(lines[l], label_chars),
                {{"x", num(centre)}, {"y", num(bottom + 14 + 13 * double(l))}, {"text-anchor", "middle"}});
    w.close("g").newline();
  }
  w.close("svg").newline();
}

} // namespace

long nice_ceiling(long max) { return axis_for(max).max; }

void write_bar_chart(html::Writer &w, const BarChart &chart) {
  long max_total = 0;
  for (const auto &cat : chart.categories)
    max_total = std::max(max_total, total_of(cat));
  if (chart.direction == Direction::horizontal)
    write_horizontal(w, chart, max_total);
  else
    write_vertical(w, chart, max_total);
}

} // namespace mestring::svg
