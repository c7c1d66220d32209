// Renders a report model as one self-contained HTML page (inline CSS, script and SVG; no
// network access when opened) or as terminal tables.
#pragma once

#include "report/report_model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace x12kx::report {

struct render_options {
  bool show_member_ids = false;     // otherwise all but the last two characters are masked
  std::vector<std::string> inputs;  // findings files, as named on the command line
};

/// "$17,410.01"; negative amounts as "-$0.05".
std::string money(cents amount);

/// The member id with all but its last two characters replaced by '*', unless `show`.
std::string masked_member(std::string_view member_id, bool show);

/// A billing-desk name for a finding kind; kinds this build does not know keep their name.
std::string_view kind_label(std::string_view kind);

/// Text safe inside HTML elements and quoted attributes.
std::string html_escaped(std::string_view text);

std::string render_html(report_model const& model, render_options const& options);
std::string render_text(report_model const& model, render_options const& options);

}  // namespace x12kx::report
