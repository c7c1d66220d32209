#include "checks/accrual_sources.hpp"

#include <simdjson.h>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <cctype>
#include <cmath>
#include <fstream>
#include <optional>

namespace x12kx {
namespace {

/// Reads a text file line by line and keeps the problems found, each with its line number.
class line_file {
 public:
  explicit line_file(std::string const& path) : path_(path), stream_(path, std::ios::binary) {
    if (!stream_) problems_.push_back(fmt::format("{}: cannot open", path_));
  }

  /// The next line without its CR/LF; false at the end of the file.
  bool next(std::string& line) {
    if (!stream_ || !std::getline(stream_, line)) return false;
    ++number_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    return true;
  }

  void problem(std::string_view reason) {
    problems_.push_back(fmt::format("{}: line {}: {}", path_, number_, reason));
  }

  /// Throws every problem found, if any.
  void finish() {
    if (stream_.bad()) problems_.push_back(fmt::format("{}: read failed", path_));
    if (!problems_.empty()) throw accrual_input_error(std::move(problems_));
  }

  [[nodiscard]] std::size_t number() const { return number_; }
  [[nodiscard]] bool opened() const { return stream_.is_open(); }

 private:
  std::string path_;
  std::ifstream stream_;
  std::size_t number_ = 0;
  std::vector<std::string> problems_;
};

bool is_code(std::string_view code) {
  if (code.empty() || code.size() > 48) return false;
  for (char c : code) {
    bool const alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!alnum) return false;
  }
  return true;
}

std::optional<bucket> bucket_from(std::string_view name) {
  if (name == "pt_slp") return bucket::pt_slp;
  if (name == "ot") return bucket::ot;
  return std::nullopt;
}

/// One JSON line of a year-to-date file; the reason it is unusable, or empty.
std::string read_year_to_date_line(simdjson::dom::parser& parser, std::string const& text,
                                   year_to_date& out) {
  simdjson::dom::object object;
  if (parser.parse(text).get(object)) return "not a JSON object";
  std::string_view member;
  if (object["member_id"].get(member) || member.empty()) return "member_id missing or not text";
  int64_t year = 0;
  if (object["year"].get(year) || year < 1990 || year > 2100) {
    return "year missing or not a year from 1990 to 2100";
  }
  std::string_view bucket_name;
  std::optional<bucket> bucket_id;
  if (!object["bucket"].get(bucket_name)) bucket_id = bucket_from(bucket_name);
  if (!bucket_id) return "bucket missing or not \"pt_slp\" or \"ot\"";
  double amount = 0;
  if (object["amount"].get(amount) || !(amount >= 0) || amount > 1e10) {
    return "amount missing or not a non-negative number";
  }
  double const scaled = amount * 100.0;
  if (std::fabs(scaled - std::round(scaled)) > 1e-6) return "amount has more than two decimals";
  out.opening[{std::string(member), static_cast<int>(year), *bucket_id}] +=
      static_cast<cents>(std::llround(scaled));
  return {};
}

}  // namespace

accrual_input_error::accrual_input_error(std::vector<std::string> list)
    : std::runtime_error(fmt::format("{}", fmt::join(list, "\n"))), problems(std::move(list)) {}

cents year_to_date::amount(std::string_view member, int year, bucket bucket_id) const {
  auto const found = opening.find({std::string(member), year, bucket_id});
  return found == opening.end() ? 0 : found->second;
}

fee_schedule load_fee_schedule(std::string const& path) {
  line_file file(path);
  fee_schedule schedule;
  std::string line;
  if (file.next(line) && line != "code,amount") {
    file.problem("the header must be exactly code,amount");
  }
  while (file.next(line)) {
    if (line.empty()) continue;
    auto const comma = line.find(',');
    if (comma == std::string::npos || line.find(',', comma + 1) != std::string::npos) {
      file.problem("not two fields code,amount");
      continue;
    }
    // HCPCS codes are upper case in X12; a schedule typed in lower case still matches.
    std::string code = line.substr(0, comma);
    for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto const amount = grammar::parse_amount(std::string_view(line).substr(comma + 1));
    if (!is_code(code)) {
      file.problem("code is empty or not letters and digits");
    } else if (!amount || *amount < 0) {
      file.problem(fmt::format("amount for {} is not a non-negative decimal", code));
    } else if (!schedule.per_unit.emplace(code, *amount).second) {
      file.problem(fmt::format("code {} appears twice", code));
    }
  }
  if (file.opened() && file.number() == 0) file.problem("empty: the header code,amount is missing");
  file.finish();
  return schedule;
}

year_to_date load_year_to_date(std::string const& path) {
  line_file file(path);
  year_to_date totals;
  simdjson::dom::parser parser;
  std::string line;
  while (file.next(line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (auto const reason = read_year_to_date_line(parser, line, totals); !reason.empty()) {
      file.problem(reason);
    }
  }
  file.finish();
  return totals;
}

}  // namespace x12kx
