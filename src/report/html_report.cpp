// The HTML page: what needs attention first (worklists, input errors), then totals, charts
// and the detail tables. Every string from the findings goes through html_escaped(); charts
// are SVG written here, so the page loads nothing from anywhere.
#include "report/render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <ranges>

namespace x12kx::report {

std::string money(cents amount) {
  auto const magnitude = amount < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(amount)
                                    : static_cast<std::uint64_t>(amount);
  std::string digits = fmt::format("{}", magnitude / 100);
  for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3) {
    digits.insert(static_cast<std::size_t>(at), 1, ',');
  }
  return fmt::format("{}${}.{:02}", amount < 0 ? "-" : "", digits, magnitude % 100);
}

std::string masked_member(std::string_view member_id, bool show) {
  if (show || member_id.size() <= 2) return std::string(member_id);
  return std::string(member_id.size() - 2, '*') +
         std::string(member_id.substr(member_id.size() - 2));
}

std::string_view kind_label(std::string_view kind) {
  static constexpr std::pair<std::string_view, std::string_view> labels[] = {
      {"therapy_kx_missing", "Therapy past KX threshold, no KX"},
      {"therapy_kx_early", "KX before the therapy threshold"},
      {"therapy_review_threshold", "Therapy past the review threshold"},
      {"therapy_liability_modifier", "Past threshold with GA/GY/GZ"},
      {"kx_non_medicare", "KX on a non-Medicare claim"},
      {"therapy_discipline_missing", "Therapy line without GP/GO/GN"},
      {"kx_conflicting_modifier", "KX together with GA/GY/GZ"},
      {"dmepos_modifier_missing", "DMEPOS line without KX/GA/GY/GZ"},
      {"remit_unlinked", "Remit matches no claim"},
      {"remit_ambiguous", "Remit fits several lines"},
      {"therapy_discipline_mismatch", "Modifiers of different disciplines"},
      {"kx_wrong_modifier", "KX where another modifier applies"},
      {"kx_stripped", "Payer dropped the KX that was billed"},
      {"remit_missing", "No remit after the waiting period"},
  };
  for (auto const& [name, label] : labels) {
    if (name == kind) return label;
  }
  return kind;
}

std::string html_escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char const c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

constexpr std::string_view page_style = R"(
:root{--ink:#1d2733;--muted:#5b6775;--line:#d8dee6;--bad:#b3261e;--warn:#a15c00;--ok:#2e6b30;
 --accent:#1f5fa8}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
 color:var(--ink);margin:0;padding:24px 32px;background:#f6f8fa}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;
 border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:14px;margin:16px 0 6px}
.sub{color:var(--muted);margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px}
.card{background:#fff;border:1px solid var(--line);border-left:6px solid var(--accent);
 border-radius:6px;padding:10px 14px}
.card.bad{border-left-color:var(--bad)}.card.warn{border-left-color:var(--warn)}.card.ok{
 border-left-color:var(--ok)}
.card .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}
.card .d{color:var(--muted);font-size:12px}
.panel{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px 16px;
 margin:12px 0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:12px}
table.t{border-collapse:collapse;background:#fff;font-variant-numeric:tabular-nums;min-width:50%}
table.t.wide{width:100%}
.kind{display:block;color:var(--muted);font-size:11px;
 font-family:ui-monospace,"DejaVu Sans Mono",monospace}
table.t th,table.t td{border:1px solid var(--line);padding:5px 8px;text-align:left;
 vertical-align:top}
table.t th{background:#eef2f6;cursor:pointer;white-space:nowrap;user-select:none}
table.t th::after{content:" \2195";color:#98a2ad;font-size:11px}
table.t td.n,table.t th.n{text-align:right;white-space:nowrap}
table.t tbody tr:nth-child(even){background:#fafbfc}
input.f{margin:4px 0 6px;padding:5px 8px;border:1px solid var(--line);border-radius:4px;width:280px;
 font:inherit}
ul.check{margin:0;padding-left:0;list-style:none}ul.check li{margin:0 0 3px;padding-left:20px;
 position:relative}
ul.check li::before{content:"";position:absolute;left:0;top:3px;width:11px;height:11px;
 border:1.5px solid var(--muted);border-radius:2px}
.code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:13px}
.none{color:var(--muted);font-style:italic}.nw{white-space:nowrap}
.note{color:var(--muted);font-size:12px;margin:4px 0}
svg text{font:12px system-ui,"DejaVu Sans",sans-serif;fill:#1d2733}
@media print{
 @page{size:A4 landscape;margin:12mm}
 body{background:#fff;padding:0;font-size:10.5px}
 input.f,.noprint{display:none}
 table.t th::after{content:""}
 h2{break-after:avoid}tr,.card,.panel,svg{break-inside:avoid}
 .card,.panel{border-color:#999}table.t th,table.t td{border-color:#999}
 .code{font-size:inherit}.card .v{font-size:18px}.cards{grid-template-columns:repeat(5,1fr)}
}
)";

// Sorting by a column (data-v holds the number behind formatted money and counts) and
// filtering rows by the text typed above each table.
constexpr std::string_view page_script = R"(
document.querySelectorAll('table.t').forEach(function(t){
 var f=t.previousElementSibling,b=t.tBodies[0];
 if(f&&f.classList.contains('f'))f.addEventListener('input',function(){var q=f.value.toLowerCase();
  Array.from(b.rows).forEach(function(r){r.hidden=q!==''&&r.textContent.toLowerCase().indexOf(q)<0;}
   );});
 Array.from(t.tHead.rows[0].cells).forEach(function(h,i){h.addEventListener('click',function(){
  var up=h.dataset.d!=='a';h.dataset.d=up?'a':'d';
  Array.from(b.rows).sort(function(x,y){var p=x.cells[i],q=y.cells[i],c;
   if(p.dataset.v!==undefined&&q.dataset.v!==undefined)c=Number(p.dataset.v)-Number(q.dataset.v);
   else c=p.textContent.localeCompare(q.textContent);return up?c:-c;}).forEach(function(r){
    b.appendChild(r);});});});
});
document.body.setAttribute('data-script','ran');
)";

/// Writes the page into one string; each section is a member so the page reads top-down.
class page {
 public:
  page(report_model const& model, render_options const& options) : m_(model), o_(options) {}

  std::string render() {
    out_ += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
    out_ += "<title>x12kx claims report</title><style>";
    out_ += page_style;
    out_ += "</style></head><body>\n";
    header();
    attention();
    totals();
    worklist("correct", "Claims to correct and resubmit", m_.correct);
    worklist("appeal", "Claims to appeal", m_.appeal);
    denials();
    kx_findings();
    thresholds();
    remit_issues();
    input_errors();
    out_ += "<script>";
    out_ += page_script;
    out_ += "</script>\n</body></html>\n";
    return std::move(out_);
  }

 private:
  void text(std::string_view s) { out_ += html_escaped(s); }

  void header() {
    out_ += "<h1>x12kx claims report</h1><p class=\"sub\">Findings from ";
    std::vector<std::string> names;
    std::transform(o_.inputs.begin(), o_.inputs.end(), std::back_inserter(names),
                   [](std::string const& n) { return n == "-" ? "standard input" : n; });
    text(fmt::format("{}", fmt::join(names, ", ")));
    out_ += o_.show_member_ids ? ". Member ids shown in full: handle this page as PHI."
                               : ". Member ids masked except their last two characters.";
    out_ += "</p>\n";
  }

  void card(std::string_view tone, std::string_view id, std::string_view key,
            std::string const& value, std::string const& detail) {
    out_ += fmt::format("<div class=\"card {}\" id=\"{}\"><div class=\"k\">", tone, id);
    text(key);
    out_ += "</div><div class=\"v\">";
    text(value);
    out_ += "</div><div class=\"d\">";
    text(detail);
    out_ += "</div></div>";
  }

  static cents at_stake(std::vector<work_item> const& items) {
    cents sum = 0;
    for (auto const& item : items) sum = add_money(sum, item.at_stake);
    return sum;
  }

  void attention() {
    out_ += "<h2>Needs attention first</h2><div class=\"cards\">";
    card(m_.correct.empty() ? "ok" : "bad", "att-correct", "Correct and resubmit",
         money(at_stake(m_.correct)),
         fmt::format("{} claims; billed charge of their denied lines", m_.correct.size()));
    card(m_.appeal.empty() ? "ok" : "bad", "att-appeal", "Appeal", money(at_stake(m_.appeal)),
         fmt::format("{} claims; billed charge of their denied lines", m_.appeal.size()));
    card(m_.input_errors_skipping == 0 ? "ok" : "warn", "att-errors", "Input errors",
         fmt::format("{}", m_.input_errors.size()),
         fmt::format("{} skipped a claim, remit or more", m_.input_errors_skipping));
    card(m_.remit_issues.empty() ? "ok" : "warn", "att-remits", "Remits not linked",
         fmt::format("{}", m_.remit_issues.size()), "payments that match no claim line");
    out_ += "</div>\n";
  }

  void totals() {
    auto const& t = m_.totals;
    bool const known = t.summaries > 0;
    auto const amount = [&](std::optional<cents> v) { return v ? money(*v) : "n/a"; };
    out_ += "<h2>Totals</h2><div class=\"cards\" id=\"totals\">";
    card("", "total-claims", "Claims", known ? fmt::format("{}", t.claims) : "n/a",
         fmt::format("{} rejected on input", t.claims_rejected));
    card("", "total-lines", "Service lines", known ? fmt::format("{}", t.lines) : "n/a",
         fmt::format("{} remits, {} rejected", t.remits, t.remits_rejected));
    card("", "total-billed", "Billed", amount(t.billed), "CLM02 of accepted claims");
    card("ok", "total-paid", "Paid", amount(t.paid), "CLP04 of accepted remits, net");
    card(t.denied > 0 ? "bad" : "ok", "total-denied", "Denied", money(t.denied),
         fmt::format("{} denied lines", t.denied_lines));
    out_ += "</div>\n";
    if (!known) {
      out_ +=
          "<p class=\"note\">The input has no summary record, so claim, line, billed and "
          "paid totals are not known.</p>\n";
    } else if (!t.billed || !t.paid) {
      out_ +=
          "<p class=\"note\">A summary record has no billed or paid total (written by an "
          "older x12kx); those totals are shown as n/a.</p>\n";
    }
  }

  /// A table with a filter box; `headers` ending in '#' are right-aligned numbers.
  void table_start(std::string_view id, std::initializer_list<std::string_view> headers,
                   bool wide = false) {
    out_ += "<input class=\"f\" type=\"search\" placeholder=\"Filter rows\" aria-label=\"Filter\">";
    out_ += fmt::format("<table class=\"t{}\" id=\"{}\"><thead><tr>", wide ? " wide" : "", id);
    for (auto h : headers) {
      bool const number = h.ends_with('#');
      if (number) h.remove_suffix(1);
      out_ += number ? "<th class=\"n\">" : "<th>";
      text(h);
      out_ += "</th>";
    }
    out_ += "</tr></thead><tbody>";
  }

  void table_end() { out_ += "</tbody></table>\n"; }

  void cell(std::string_view s, std::string_view css = {}) {
    out_ += css.empty() ? "<td>" : fmt::format("<td class=\"{}\">", css);
    text(s);
    out_ += "</td>";
  }

  void count_cell(std::uint64_t n) {
    out_ += fmt::format("<td class=\"n\" data-v=\"{}\">{}</td>", n, n);
  }

  void money_cell(std::optional<cents> amount) {
    if (!amount) return cell("", "n");
    out_ += fmt::format("<td class=\"n\" data-v=\"{}\">{}</td>", *amount, money(*amount));
  }

  /// Space-separated codes, each kept whole when the cell wraps ("CO-119" never splits).
  void codes_cell(std::string_view codes) {
    out_ += "<td class=\"code\">";
    for (auto const code : std::views::split(codes, ' ')) {
      out_ += "<span class=\"nw\">";
      text(std::string_view(code.begin(), code.end()));
      out_ += "</span> ";
    }
    out_ += "</td>";
  }

  /// The kind's billing-desk name with its record name under it.
  void kind_cell(std::string_view kind) {
    out_ += "<td>";
    text(kind_label(kind));
    out_ += "<span class=\"kind\">";
    text(kind);
    out_ += "</span></td>";
  }

  void offset_cell(place const& where) {
    if (!where.offset) return cell(where.file);
    cell(fmt::format("{} @ {}", where.file, *where.offset), "code");
  }

  void nothing(std::string_view what) {
    out_ += "<p class=\"none\">";
    text(what);
    out_ += "</p>\n";
  }

  void worklist(std::string_view id, std::string_view title, std::vector<work_item> const& items) {
    out_ += "<h2>";
    text(title);
    out_ +=
        fmt::format(" <small>({} claims, {})</small></h2>\n", items.size(), money(at_stake(items)));
    if (items.empty()) return nothing("None.");
    table_start(id,
                {"Claim", "Member", "Service date", "Denied lines", "Codes", "Other findings",
                 "Billed#", "Checklist"},
                /*wide=*/true);
    for (auto const& item : items) {
      out_ += "<tr>";
      cell(item.claim_id, "code");
      cell(masked_member(item.member_id, o_.show_member_ids), "code");
      cell(item.service_date);
      cell(item.lines);
      codes_cell(item.codes);
      std::vector<std::string_view> related;
      for (auto const& kind : item.related) related.push_back(kind_label(kind));
      cell(fmt::format("{}", fmt::join(related, "; ")));
      money_cell(item.at_stake);
      out_ += "<td><ul class=\"check\">";
      for (auto const& step : item.checklist) {
        out_ += "<li>";
        text(step);
        out_ += "</li>";
      }
      out_ += "</ul></td></tr>";
    }
    table_end();
    code_legend(items);
  }

  /// What each code on a worklist means, so the list reads without a code book.
  void code_legend(std::vector<work_item> const& items) {
    std::vector<std::string> seen;
    for (auto const& item : items) {
      for (auto const code : std::views::split(std::string_view(item.codes), ' ')) {
        std::string name(code.begin(), code.end());
        if (std::find(seen.begin(), seen.end(), name) == seen.end()) seen.push_back(name);
      }
    }
    out_ += "<p class=\"note legend\">";
    for (auto const& code : seen) {
      auto const found = m_.code_names.find(code);
      if (found == m_.code_names.end()) continue;
      out_ += "<span class=\"nw code\">";
      text(code);
      out_ += "</span> ";
      text(found->second);
      out_ += ". ";
    }
    out_ += "</p>\n";
  }

  /// A chart panel: its title, and an SVG that scales down to fit (print, narrow windows).
  void svg_start(std::string_view title, int width, int height) {
    out_ += "<div class=\"panel\"><h3>";
    text(title);
    out_ += fmt::format(
        "</h3><svg role=\"img\" style=\"width:100%;max-width:{}px;height:auto\" "
        "viewBox=\"0 0 {} {}\">",
        width, width, height);
  }

  /// Horizontal bars, one per row, labelled with the count or amount.
  void bar_chart(std::string_view title, std::vector<tally> const& rows, bool by_amount,
                 std::string_view colour) {
    constexpr int width = 600, label_width = 240, row_height = 24, value_width = 90;
    std::size_t const shown = std::min<std::size_t>(rows.size(), 12);
    double top = 0;
    for (std::size_t i = 0; i < shown; ++i) {
      top = std::max(
          top, static_cast<double>(by_amount ? rows[i].amount : static_cast<cents>(rows[i].count)));
    }
    auto const height = static_cast<int>(shown) * row_height + 8;
    svg_start(title, width, height);
    for (std::size_t i = 0; i < shown; ++i) {
      auto const& row = rows[i];
      double const value =
          by_amount ? static_cast<double>(row.amount) : static_cast<double>(row.count);
      int const bar =
          top > 0 ? static_cast<int>(value / top * (width - label_width - value_width)) : 0;
      int const y = static_cast<int>(i) * row_height + 4;
      out_ += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">", label_width - 8, y + 15);
      text(row.label.size() > 36 ? row.label.substr(0, 35) + "…" : row.label);
      out_ += fmt::format(
          "</text><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" rx=\"2\"/>",
          label_width, y + 2, std::max(bar, 1), row_height - 6, colour);
      out_ += fmt::format("<text x=\"{}\" y=\"{}\">", label_width + std::max(bar, 1) + 6, y + 15);
      text(by_amount ? money(row.amount) : fmt::format("{}", row.count));
      out_ += "</text>";
    }
    out_ += "</svg></div>";
  }

  /// Columns per month with the count above each.
  void month_chart(std::string_view title,
                   std::vector<std::pair<std::string, std::uint64_t>> const& columns) {
    constexpr int height = 180, base = 150, column_width = 56;
    int const width = std::max(200, static_cast<int>(columns.size()) * column_width + 20);
    std::uint64_t top = 1;
    for (auto const& [month, n] : columns) top = std::max(top, n);
    svg_start(title, width, height);
    out_ += fmt::format("<line x1=\"10\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#98a2ad\"/>", base,
                        width - 10, base);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      auto const& [month, n] = columns[i];
      int const h =
          static_cast<int>(static_cast<double>(n) / static_cast<double>(top) * (base - 30));
      int const x = 20 + static_cast<int>(i) * column_width;
      out_ += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#a15c00\" rx=\"2\"/>", x,
          base - h, column_width - 16, h);
      out_ += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                          x + (column_width - 16) / 2, base - h - 5, n);
      out_ += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">",
                          x + (column_width - 16) / 2, base + 16);
      text(month);
      out_ += "</text>";
    }
    out_ += "</svg></div>";
  }

  void tally_table(std::string_view id, std::string_view first, std::string_view count,
                   std::string_view amount, std::vector<tally> const& rows) {
    table_start(id, {first, "Meaning", count, amount});
    for (auto const& row : rows) {
      out_ += "<tr>";
      cell(row.label, "code");
      cell(row.note);
      count_cell(row.count);
      money_cell(row.amount);
      out_ += "</tr>";
    }
    table_end();
  }

  void denials() {
    out_ += "<h2>Denials</h2>\n";
    if (m_.totals.denied_lines == 0) return nothing("No denied lines.");
    out_ += "<div class=\"charts\">";
    bar_chart("Denied amount by group and reason", m_.denials_by_code, /*by_amount=*/true,
              "#b3261e");
    bar_chart("Billed on denied lines, by procedure", m_.denials_by_procedure, /*by_amount=*/true,
              "#1f5fa8");
    out_ += "</div>";
    out_ += "<h3>By group and reason code</h3>";
    out_ +=
        "<p class=\"note\">Routine adjustments (deductible, coinsurance, fee schedule) are left "
        "out; a claim-level adjustment repeated on each line is counted once.</p>";
    tally_table("denials-by-code", "Group-reason", "Lines#", "Denied#", m_.denials_by_code);
    out_ += "<h3>By procedure</h3>";
    table_start("denials-by-procedure", {"Procedure", "Denied lines#", "Billed on denied lines#"});
    for (auto const& row : m_.denials_by_procedure) {
      out_ += "<tr>";
      cell(row.label, "code");
      count_cell(row.count);
      money_cell(row.amount);
      out_ += "</tr>";
    }
    table_end();
  }

  void kx_findings() {
    out_ += "<h2>KX and modifier findings</h2>\n";
    if (m_.kx_by_kind.empty()) return nothing("No KX or modifier findings.");
    std::vector<std::pair<std::string, std::uint64_t>> per_month;
    for (auto const& month : m_.months) {
      std::uint64_t n = 0;
      for (auto const& [kind, months] : m_.kx_by_kind_month) {
        if (auto const found = months.find(month); found != months.end()) n += found->second;
      }
      per_month.emplace_back(month, n);
    }
    out_ += "<div class=\"charts\">";
    auto by_kind = m_.kx_by_kind;
    for (auto& row : by_kind) row.label = kind_label(row.label);
    bar_chart("Findings by kind", by_kind, /*by_amount=*/false, "#a15c00");
    month_chart("Findings by month of service", per_month);
    out_ += "</div>";
    out_ += "<input class=\"f\" type=\"search\" placeholder=\"Filter rows\" aria-label=\"Filter\">";
    out_ +=
        "<table class=\"t\" id=\"kx-by-month\"><thead><tr><th>Kind</th><th class=\"n\">Total</th>";
    for (auto const& month : m_.months) {
      out_ += "<th class=\"n\">";
      text(month);
      out_ += "</th>";
    }
    out_ += "</tr></thead><tbody>";
    for (auto const& row : m_.kx_by_kind) {
      out_ += "<tr>";
      kind_cell(row.label);
      count_cell(row.count);
      auto const& months = m_.kx_by_kind_month.at(row.label);
      for (auto const& month : m_.months) {
        auto const found = months.find(month);
        count_cell(found == months.end() ? 0 : found->second);
      }
      out_ += "</tr>";
    }
    table_end();
  }

  void thresholds() {
    out_ += "<h2>Members past the therapy thresholds</h2>\n";
    if (m_.threshold_members.empty())
      return nothing("No member passed a threshold in these findings.");
    out_ +=
        "<p class=\"note\">KX threshold: month of the first finding about a line past it "
        "(lines correctly billed with KX make no finding, so a member may have passed it "
        "earlier). Review threshold: the month of the line that passed it.</p>";
    table_start("threshold-months",
                {"Month", "Members past KX threshold#", "Members past review threshold#"});
    for (auto const& row : m_.threshold_months) {
      out_ += "<tr>";
      cell(row.month);
      count_cell(row.kx_members);
      count_cell(row.review_members);
      out_ += "</tr>";
    }
    table_end();
    table_start("threshold-members", {"Member", "Year", "Bucket", "Past KX threshold in",
                                      "Past review threshold in", "Highest running total#"});
    for (auto const& row : m_.threshold_members) {
      out_ += "<tr>";
      cell(masked_member(row.member_id, o_.show_member_ids), "code");
      cell(fmt::format("{}", row.year));
      cell(row.bucket == "pt_slp" ? "PT+SLP" : row.bucket == "ot" ? "OT" : row.bucket);
      cell(row.kx_month);
      cell(row.review_month);
      money_cell(row.highest_total);
      out_ += "</tr>";
    }
    table_end();
  }

  void remit_issues() {
    out_ += "<h2>Remits not linked to a claim line</h2>\n";
    if (m_.remit_issues.empty()) return nothing("Every remit linked to a claim line.");
    table_start("remit-issues",
                {"Kind", "Claim id (CLP01)", "Payer claim", "Procedure", "Charge#", "Paid#",
                 "File @ offset", "What to do"},
                /*wide=*/true);
    for (auto const& r : m_.remit_issues) {
      out_ += "<tr>";
      kind_cell(r.kind);
      cell(r.claim_id, "code");
      cell(r.payer_claim_id, "code");
      cell(r.procedure, "code");
      money_cell(r.charge);
      money_cell(r.remit_paid);
      offset_cell(r.remit.file.empty() ? r.source : r.remit);
      cell(r.guidance);
      out_ += "</tr>";
    }
    table_end();
  }

  void input_errors() {
    out_ += "<h2>Input errors</h2>\n";
    if (m_.input_errors.empty()) return nothing("No input errors.");
    table_start("input-errors",
                {"Severity", "Code", "Skipped", "Segment", "Claim", "Detail", "File @ offset"},
                /*wide=*/true);
    for (auto const& r : m_.input_errors) {
      out_ += "<tr>";
      cell(r.severity);
      cell(r.code, "code");
      cell(r.skipped);
      cell(r.segment, "code");
      cell(r.claim_id, "code");
      cell(r.detail.empty() ? r.message : r.detail);
      offset_cell(r.source);
      out_ += "</tr>";
    }
    table_end();
  }

  report_model const& m_;
  render_options const& o_;
  std::string out_;
};

}  // namespace

std::string render_html(report_model const& model, render_options const& options) {
  return page(model, options).render();
}

}  // namespace x12kx::report
