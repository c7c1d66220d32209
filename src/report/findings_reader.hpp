// Reads x12kx findings (JSON lines, docs/findings.md) back into plain records for the report.
// Only the keys the report shows are kept; kinds this build does not know are kept by name,
// so findings from a newer x12kx still count.
#pragma once

#include "findings/finding.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace x12kx::report {

/// A findings line that is not what docs/findings.md describes: which file, which line, why.
/// The text never quotes the line itself, which may hold a member id.
struct input_error : std::runtime_error {
  input_error(std::string file_name, std::uint64_t line_number, std::string const& reason);
  std::string file;
  std::uint64_t line = 0;
};

/// One CAS adjustment of a denial.
struct adjustment {
  std::string group;
  std::string reason;
  cents amount = 0;
};

/// Where a record points: a file and a byte offset in it.
struct place {
  std::string file;
  std::optional<std::uint64_t> offset;

  [[nodiscard]] bool operator==(place const&) const = default;
};

/// One findings line, as the report needs it. Absent or null keys stay empty.
struct finding_record {
  std::string kind;
  std::string severity;
  std::string message;
  std::string claim_id;
  std::string member_id;
  std::optional<std::int64_t> line_number;
  std::string procedure;
  std::vector<std::string> modifiers;
  std::string service_date;  // YYYY-MM-DD or empty
  std::optional<cents> charge;
  place source;
  // therapy threshold kinds
  std::optional<std::int64_t> year;
  std::string bucket;
  std::optional<cents> ytd_after;
  // denial and remittance kinds
  std::vector<adjustment> adjustments;
  std::vector<std::string> remarks;
  place remit;
  std::optional<cents> remit_paid;
  std::string payer_claim_id;
  std::string action;
  // rule findings
  std::string guidance;
  // error
  std::string code;
  std::string segment;
  std::string skipped;
  std::string detail;
  // summary
  std::uint64_t claims = 0;
  std::uint64_t claims_rejected = 0;
  std::uint64_t lines = 0;
  std::uint64_t remits = 0;
  std::uint64_t remits_rejected = 0;
  std::optional<cents> billed;
  std::optional<cents> paid;
};

/// Parses every line of `text` (the contents of `file_name`) and appends one record per
/// line. Blank lines are skipped. Throws input_error on the first line that is not a
/// findings object.
void read_findings(std::string_view text, std::string const& file_name,
                   std::vector<finding_record>& out);

/// Reads a findings file ("-" is standard input) and appends its records. Throws input_error
/// when the file cannot be read (line 0) or a line is bad.
void read_findings_file(std::string const& path, std::vector<finding_record>& out);

}  // namespace x12kx::report
