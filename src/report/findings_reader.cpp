#include "report/findings_reader.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>

namespace x12kx::report {

input_error::input_error(std::string file_name, std::uint64_t line_number,
                         std::string const& reason)
    : std::runtime_error(line_number == 0
                             ? fmt::format("{}: {}", file_name, reason)
                             : fmt::format("{}:{}: {}", file_name, line_number, reason)),
      file(std::move(file_name)),
      line(line_number) {}

namespace {

/// Reads the keys of one findings object; a key of the wrong type names the key and line.
class record_reader {
 public:
  record_reader(simdjson::dom::object object, std::string const& file, std::uint64_t line)
      : object_(object), file_(file), line_(line) {}

  [[noreturn]] void fail(std::string const& reason) const {
    throw input_error(file_, line_, reason);
  }

  /// The value of `key`, or nothing when the key is absent or null.
  [[nodiscard]] std::optional<simdjson::dom::element> value(std::string_view key) const {
    simdjson::dom::element element;
    if (object_.at_key(key).get(element) != simdjson::SUCCESS || element.is_null()) {
      return std::nullopt;
    }
    return element;
  }

  [[nodiscard]] std::string text(std::string_view key) const {
    auto const element = value(key);
    if (!element) return {};
    std::string_view view;
    if (element->get_string().get(view) != simdjson::SUCCESS) fail(not_a(key, "string"));
    return std::string(view);
  }

  [[nodiscard]] std::optional<std::int64_t> integer(std::string_view key) const {
    auto const element = value(key);
    if (!element) return std::nullopt;
    std::int64_t number = 0;
    if (element->get_int64().get(number) != simdjson::SUCCESS) fail(not_a(key, "integer"));
    return number;
  }

  [[nodiscard]] std::uint64_t count(std::string_view key) const {
    auto const number = integer(key);
    if (number && *number < 0) fail(not_a(key, "count"));
    return number ? static_cast<std::uint64_t>(*number) : 0;
  }

  [[nodiscard]] std::optional<cents> money(std::string_view key) const {
    auto const element = value(key);
    if (!element) return std::nullopt;
    return to_cents(*element, key);
  }

  [[nodiscard]] cents to_cents(simdjson::dom::element element, std::string_view key) const {
    double amount = 0;
    // Money is written with two decimals. Below 2^53 cents (about $90 trillion) rounding is
    // exact; larger amounts, up to the 64-bit cents a scan can write, are read to the nearest
    // double, so no line scan writes is refused.
    if (element.get_double().get(amount) != simdjson::SUCCESS || !std::isfinite(amount) ||
        std::fabs(amount * 100.0) > 0x1p63) {
      fail(not_a(key, "money amount"));
    }
    double const scaled = amount * 100.0;
    if (scaled >= 0x1p63) return std::numeric_limits<cents>::max();
    return static_cast<cents>(std::llround(scaled));
  }

  [[nodiscard]] std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> values;
    auto const element = value(key);
    if (!element) return values;
    simdjson::dom::array array;
    if (element->get_array().get(array) != simdjson::SUCCESS) fail(not_a(key, "list"));
    for (auto item : array) {
      std::string_view view;
      if (item.get_string().get(view) != simdjson::SUCCESS) fail(not_a(key, "list of strings"));
      values.emplace_back(view);
    }
    return values;
  }

  [[nodiscard]] place where(std::string_view key) const {
    place result;
    auto const inner = nested(key);
    if (!inner) return result;
    result.file = inner->text("file");
    if (auto const offset = inner->integer("offset")) {
      if (*offset < 0) fail(not_a(key, "object with a byte offset"));
      result.offset = static_cast<std::uint64_t>(*offset);
    }
    return result;
  }

  /// The object under `key`; nothing when the key is absent or null.
  [[nodiscard]] std::optional<record_reader> nested(std::string_view key) const {
    auto const element = value(key);
    if (!element) return std::nullopt;
    simdjson::dom::object object;
    if (element->get_object().get(object) != simdjson::SUCCESS) fail(not_a(key, "object"));
    return record_reader(object, file_, line_);
  }

  [[nodiscard]] std::vector<adjustment> adjustments() const {
    std::vector<adjustment> values;
    auto const element = value("adjustments");
    if (!element) return values;
    simdjson::dom::array array;
    if (element->get_array().get(array) != simdjson::SUCCESS) fail(not_a("adjustments", "list"));
    for (auto item : array) {
      simdjson::dom::object object;
      if (item.get_object().get(object) != simdjson::SUCCESS) {
        fail(not_a("adjustments", "list of objects"));
      }
      record_reader const inner(object, file_, line_);
      values.push_back(
          {inner.text("group"), inner.text("reason"), inner.money("amount").value_or(0)});
    }
    return values;
  }

 private:
  static std::string not_a(std::string_view key, std::string_view what) {
    bool const vowel =
        !what.empty() && std::string_view("aeiou").find(what[0]) != std::string_view::npos;
    return fmt::format("key \"{}\" is not {} {}", key, vowel ? "an" : "a", what);
  }

  simdjson::dom::object object_;
  std::string const& file_;
  std::uint64_t line_;
};

finding_record to_record(record_reader const& in) {
  finding_record r;
  r.kind = in.text("kind");
  if (r.kind.empty()) in.fail("the record has no \"kind\"");
  r.severity = in.text("severity");
  r.message = in.text("message");
  r.claim_id = in.text("claim_id");
  r.member_id = in.text("member_id");
  r.line_number = in.integer("line_number");
  r.procedure = in.text("procedure");
  r.modifiers = in.strings("modifiers");
  r.service_date = in.text("service_date");
  r.charge = in.money("charge");
  r.source = in.where("source");
  r.year = in.integer("year");
  r.bucket = in.text("bucket");
  r.ytd_after = in.money("ytd_after");
  r.adjustments = in.adjustments();
  r.remarks = in.strings("remarks");
  r.remit = in.where("remit");
  if (auto const remit = in.nested("remit")) {
    r.remit_paid = remit->money("paid");
    r.payer_claim_id = remit->text("payer_claim_id");
  }
  r.action = in.text("action");
  r.guidance = in.text("guidance");
  r.code = in.text("code");
  r.segment = in.text("segment");
  r.skipped = in.text("skipped");
  r.detail = in.text("detail");
  r.claims = in.count("claims");
  r.lines = in.count("lines");
  r.remits = in.count("remits");
  if (auto const rejected = in.nested("rejected")) {
    r.claims_rejected = rejected->count("claims");
    r.remits_rejected = rejected->count("remits");
  }
  r.billed = in.money("billed");
  r.paid = in.money("paid");
  return r;
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

void read_findings(std::string_view text, std::string const& file_name,
                   std::vector<finding_record>& out) {
  simdjson::dom::parser parser;
  std::uint64_t line_number = 0;
  while (!text.empty()) {
    auto const end = text.find('\n');
    auto const line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    if (is_blank(line)) continue;
    simdjson::dom::element root;
    if (auto const error = parser.parse(simdjson::padded_string(line)).get(root)) {
      throw input_error(file_name, line_number,
                        fmt::format("not JSON ({})", simdjson::error_message(error)));
    }
    simdjson::dom::object object;
    if (root.get_object().get(object) != simdjson::SUCCESS) {
      throw input_error(file_name, line_number, "not a JSON object");
    }
    out.push_back(to_record(record_reader(object, file_name, line_number)));
  }
}

void read_findings_file(std::string const& path, std::vector<finding_record>& out) {
  bool const is_stdin = path == "-";
  std::string const name = is_stdin ? "<stdin>" : path;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> owned(nullptr, &std::fclose);
  std::FILE* stream = stdin;
  if (!is_stdin) {
    owned.reset(std::fopen(path.c_str(), "rb"));
    if (!owned) throw input_error(name, 0, fmt::format("cannot open: {}", std::strerror(errno)));
    stream = owned.get();
  }
  std::string text;
  char buffer[1 << 16];
  for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, stream)) > 0;) {
    text.append(buffer, got);
  }
  if (std::ferror(stream)) throw input_error(name, 0, "read failed");
  read_findings(text, name, out);
}

}  // namespace x12kx::report
