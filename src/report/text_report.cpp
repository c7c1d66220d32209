// The terminal form of the report: the totals, what needs attention, and the top lists.
#include "report/render.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace x12kx::report {
namespace {

constexpr std::size_t top_rows = 10;

/// Input text safe to print on a terminal: C0 controls, DEL and the UTF-8 forms of the C1
/// controls (U+0080..U+009F, CSI among them) become \xNN or \u00NN, so a claim id cannot
/// move the cursor, retitle the window or ring the bell.
std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto const c = static_cast<unsigned char>(text[i]);
    auto const next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0u;
    if (c < 0x20 || c == 0x7f) {
      fmt::format_to(std::back_inserter(out), "\\x{:02x}", c);
    } else if (c == 0xc2 && next >= 0x80 && next <= 0x9f) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", next);
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void section(std::string& out, std::string_view title) {
  fmt::format_to(std::back_inserter(out), "\n{}\n{}\n", title, std::string(title.size(), '-'));
}

/// Appends one table line without trailing blanks.
void put_line(std::string& out, std::string text) {
  text.erase(text.find_last_not_of(' ') + 1);
  out += text;
  out += '\n';
}

void tallies(std::string& out, std::string_view title, std::string_view count_name,
             std::string_view amount_name, std::vector<tally> const& rows) {
  section(out, title);
  if (rows.empty()) {
    out += "  (none)\n";
    return;
  }
  int const amount_width = amount_name.empty() ? 0 : 15;
  put_line(out, fmt::format("  {:<34} {:>8}{:>{}}", "", count_name, amount_name, amount_width));
  for (std::size_t i = 0; i < std::min(rows.size(), top_rows); ++i) {
    auto const& row = rows[i];
    put_line(out, fmt::format("  {:<34} {:>8}{:>{}}  {}", terminal_safe(row.label), row.count,
                              amount_name.empty() ? "" : money(row.amount), amount_width,
                              terminal_safe(row.note)));
  }
  if (rows.size() > top_rows) {
    fmt::format_to(std::back_inserter(out), "  ... and {} more\n", rows.size() - top_rows);
  }
}

void worklist(std::string& out, std::string_view title, std::vector<work_item> const& items,
              bool show_members) {
  cents sum = 0;
  for (auto const& item : items) sum = add_money(sum, item.at_stake);
  section(out, fmt::format("{}: {} claims, {}", title, items.size(), money(sum)));
  for (std::size_t i = 0; i < std::min(items.size(), top_rows); ++i) {
    auto const& item = items[i];
    fmt::format_to(std::back_inserter(out), "  {:<20} {:<14} {:>12}  {}  lines {}\n",
                   terminal_safe(item.claim_id),
                   terminal_safe(masked_member(item.member_id, show_members)), money(item.at_stake),
                   terminal_safe(item.codes), terminal_safe(item.lines));
  }
  if (items.size() > top_rows) {
    fmt::format_to(std::back_inserter(out), "  ... and {} more\n", items.size() - top_rows);
  }
}

}  // namespace

std::string render_text(report_model const& model, render_options const& options) {
  std::string out;
  auto const& t = model.totals;
  auto const amount = [](std::optional<cents> v) { return v ? money(*v) : std::string("n/a"); };
  auto const count = [&](std::uint64_t n) {
    return t.summaries > 0 ? fmt::format("{}", n) : std::string("n/a");
  };
  out += "x12kx report\n";
  section(out, "Totals");
  fmt::format_to(std::back_inserter(out), "  {:<14} {:>14}   {} rejected on input\n", "Claims",
                 count(t.claims), t.claims_rejected);
  fmt::format_to(std::back_inserter(out), "  {:<14} {:>14}\n", "Service lines", count(t.lines));
  fmt::format_to(std::back_inserter(out), "  {:<14} {:>14}\n", "Billed", amount(t.billed));
  fmt::format_to(std::back_inserter(out), "  {:<14} {:>14}\n", "Paid", amount(t.paid));
  fmt::format_to(std::back_inserter(out), "  {:<14} {:>14}   on {} denied lines\n", "Denied",
                 money(t.denied), t.denied_lines);
  fmt::format_to(std::back_inserter(out), "  {:<14} {:>14}   {} left data out\n", "Input errors",
                 model.input_errors.size(), model.input_errors_skipping);
  fmt::format_to(std::back_inserter(out), "  {:<14} {:>14}\n", "Remits unlinked",
                 model.remit_issues.size());
  worklist(out, "Correct and resubmit", model.correct, options.show_member_ids);
  worklist(out, "Appeal", model.appeal, options.show_member_ids);
  tallies(out, "Denials by group and reason", "lines", "denied", model.denials_by_code);
  tallies(out, "Denials by procedure", "lines", "billed", model.denials_by_procedure);
  std::vector<tally> kinds = model.kx_by_kind;
  for (auto& row : kinds) row.note = kind_label(row.label);
  tallies(out, "KX and modifier findings by kind", "count", "", kinds);
  return out;
}

}  // namespace x12kx::report
