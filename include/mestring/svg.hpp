#pragma once
// Bar charts as inline SVG, drawn without a library and fetching nothing.
// A chart is accessible (role="img", <title>, <desc>), prints in greyscale
// (each series has a colour of its own lightness and may add a pattern), and
// is checkable: every bar segment is a <rect> with data-category,
// data-series and data-value, whose length is exactly value × data-scale
// (the root <svg>'s attribute) along data-direction. Knows nothing of cases.

#include <mestring/html.hpp>

#include <string>
#include <vector>

namespace mestring::svg {

enum class Pattern { none, stripes, crosshatch, dots };

// How a series is painted: a colour, an optional pattern in `ink` over it,
// and an outline for a light fill that would vanish on white paper.
struct Fill {
  std::string color = "#3b6ea8";
  Pattern pattern = Pattern::none;
  std::string ink = "#000000";
  bool outline = false;
};

struct Series {
  std::string key;   // data-series of its segments
  std::string label; // the legend's text
  Fill fill;
};

struct Category {
  std::string key;          // data-category of its segments
  std::string label;        // the axis text; a line feed breaks it into two lines
  std::vector<long> values; // one per series, none negative
};

enum class Direction { horizontal, vertical };

struct BarChart {
  std::string id;                              // unique within the page; prefixes every id inside
  std::string title;                           // the accessible name (<title>)
  std::string desc;                            // the accessible description (<desc>)
  Direction direction = Direction::horizontal; // horizontal: categories down the left
  std::vector<Series> series;                  // one: plain bars; several: stacked
  std::vector<Category> categories;
  int width = 680;        // user units; 1 unit = 1 CSS pixel at full width
  std::string empty_text; // drawn instead of bars when every value is zero
};

// Writes the chart as one <svg> element. A legend is drawn when there is
// more than one series. Totals are written at the end of each bar.
void write_bar_chart(html::Writer &w, const BarChart &chart);

// Returns the end of the value axis for a largest value: at most six steps
// of 1, 2 or 5 times a power of ten, the fewest that reach `max` (at least 1).
long nice_ceiling(long max);

} // namespace mestring::svg
