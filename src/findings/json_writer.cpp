#include "findings/json_writer.hpp"

#include <fmt/format.h>

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace x12kx {
namespace {

/// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not valid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  auto const lead = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF)
    length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    length = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    length = 4;
  else
    return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  }
  auto const second = static_cast<unsigned char>(text[i + 1]);
  if (lead == 0xE0 && second < 0xA0) return 0;  // overlong
  if (lead == 0xED && second > 0x9F) return 0;  // surrogate
  if (lead == 0xF0 && second < 0x90) return 0;  // overlong
  if (lead == 0xF4 && second > 0x8F) return 0;  // past U+10FFFF
  return length;
}

/// Appends an integer in decimal: fmt's format_int, without a format string to parse.
template <typename Integer>
void append_integer(std::string& out, Integer value) {
  fmt::format_int const text(value);
  out.append(text.data(), text.size());
}

/// Appends 0..99 as two digits.
void append_two_digits(std::string& out, unsigned value) {
  char const digits[2] = {static_cast<char>('0' + value / 10 % 10),
                          static_cast<char>('0' + value % 10)};
  out.append(digits, 2);
}

/// Appends a date as "CCYY-MM-DD" (with its quotes), what fmt's "{:04}-{:02}-{:02}" gives.
void append_date(std::string& out, date8 value) {
  if (value.year() > 9999) {
    fmt::format_to(std::back_inserter(out), "\"{:04}-{:02}-{:02}\"", value.year(), value.month(),
                   value.day());
    return;
  }
  auto const year = static_cast<unsigned>(value.year());
  out += '"';
  append_two_digits(out, year / 100);
  append_two_digits(out, year % 100);
  out += '-';
  append_two_digits(out, static_cast<unsigned>(value.month()));
  out += '-';
  append_two_digits(out, static_cast<unsigned>(value.day()));
  out += '"';
}

/// Writes the fields of one record; each call adds `"key":value` with the comma before it.
class object_writer {
 public:
  explicit object_writer(std::string& out) : out_(out) { out_ += '{'; }
  void close() { out_ += '}'; }

  /// Writes `,"name":` in one append: a record has 15 to 40 keys, and four appends per key
  /// (each with its own capacity check) cost more than the rest of most fields.
  void key(std::string_view name) {
    char text[64];
    if (name.size() > sizeof text - 4) return long_key(name);
    std::size_t size = 0;
    if (!first_) text[size++] = ',';
    first_ = false;
    text[size++] = '"';
    std::memcpy(text + size, name.data(), name.size());
    size += name.size();
    text[size++] = '"';
    text[size++] = ':';
    out_.append(text, size);
  }
  void string(std::string_view name, std::string_view value) {
    key(name);
    append_json_string(out_, value);
  }
  void string_or_null(std::string_view name, std::string_view value) {
    key(name);
    if (value.empty())
      out_ += "null";
    else
      append_json_string(out_, value);
  }
  void number(std::string_view name, std::uint64_t value) {
    key(name);
    append_integer(out_, value);
  }
  void integer(std::string_view name, std::int64_t value) {
    key(name);
    append_integer(out_, value);
  }
  void money(std::string_view name, cents value) {
    key(name);
    append_cents(out_, value);
  }
  void boolean(std::string_view name, bool value) {
    key(name);
    out_ += value ? "true" : "false";
  }
  void null(std::string_view name) {
    key(name);
    out_ += "null";
  }
  void date(std::string_view name, std::optional<date8> value) {
    key(name);
    if (!value || value->empty()) {
      out_ += "null";
      return;
    }
    append_date(out_, *value);
  }
  void strings(std::string_view name, std::vector<std::string> const& values) {
    key(name);
    out_ += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) out_ += ',';
      append_json_string(out_, values[i]);
    }
    out_ += ']';
  }
  std::string& raw() { return out_; }

 private:
  void long_key(std::string_view name) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_.append(name);
    out_ += "\":";
  }

  std::string& out_;
  bool first_ = true;
};

void write_source(object_writer& w, std::string_view name, source_location const& source) {
  w.key(name);
  if (!source.envelope) {
    w.raw() += "null";
    return;
  }
  object_writer s(w.raw());
  auto const& e = *source.envelope;
  s.string("file", e.file);
  s.number("offset", source.offset);
  s.string_or_null("isa13", e.isa13);
  s.string_or_null("gs06", e.gs06);
  s.string_or_null("st02", e.st02);
  s.string_or_null("version", e.version);
  s.close();
}

void write_remit(object_writer& w, remit_reference const& remit) {
  w.key("remit");
  object_writer r(w.raw());
  r.string("file", remit.source.envelope ? remit.source.envelope->file : "");
  r.number("offset", remit.source.offset);
  r.string_or_null("status", remit.status);
  r.string_or_null("payer_claim_id", remit.payer_claim_id);
  r.money("paid", remit.paid);
  r.close();
}

/// line_number, line_ref, procedure, modifiers: the keys naming a claim line.
void write_line_keys(object_writer& w, finding const& f) {
  if (f.line_number)
    w.number("line_number", *f.line_number);
  else
    w.null("line_number");
  w.string_or_null("line_ref", f.line_ref);
  w.string_or_null("procedure", f.procedure);
  w.strings("modifiers", f.modifiers);
}

void write_common(object_writer& w, finding const& f, std::string_view kind) {
  w.string("kind", kind);
  w.string("severity", name_of(f.level));
  w.string("message", f.message);
  w.string_or_null("claim_id", f.claim_id);
  w.string_or_null("member_id", f.member_id);
  write_line_keys(w, f);
  w.date("service_date", f.service_date);
  if (f.charge)
    w.money("charge", *f.charge);
  else
    w.null("charge");
  write_source(w, "source", f.source);
}

void write_common(object_writer& w, finding const& f) { write_common(w, f, name_of(f.kind)); }

void write_threshold(object_writer& w, threshold_detail const& t) {
  w.integer("year", t.year);
  w.string("bucket", name_of(t.bucket_id));
  w.money("threshold", t.threshold);
  w.money("ytd_before", t.ytd_before);
  w.money("ytd_after", t.ytd_after);
  w.string("basis", name_of(t.basis));
}

void write_error(object_writer& w, error_detail const& e) {
  w.string("code", name_of(e.code));
  w.string_or_null("segment", e.segment);
  if (e.segment_position)
    w.number("segment_position", *e.segment_position);
  else
    w.null("segment_position");
  if (e.element)
    w.number("element", *e.element);
  else
    w.null("element");
  w.string("skipped", name_of(e.what));
  w.string("detail", e.detail);
}

void write_denial(object_writer& w, denial_detail const& d) {
  w.key("adjustments");
  w.raw() += '[';
  for (std::size_t i = 0; i < d.adjustments.size(); ++i) {
    if (i) w.raw() += ',';
    object_writer a(w.raw());
    a.string("group", d.adjustments[i].group);
    a.string("reason", d.adjustments[i].reason);
    a.money("amount", d.adjustments[i].amount);
    a.close();
  }
  w.raw() += ']';
  w.strings("remarks", d.remarks);
  w.string("link", name_of(d.link));
  w.boolean("kx_on_claim_line", d.kx_on_claim_line);
}

void write_candidates(object_writer& w, std::vector<candidate> const& candidates) {
  w.key("candidates");
  w.raw() += '[';
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (i) w.raw() += ',';
    object_writer c(w.raw());
    c.number("line_number", candidates[i].line_number);
    c.string_or_null("line_ref", candidates[i].line_ref);
    c.close();
  }
  w.raw() += ']';
}

}  // namespace

void append_cents(std::string& out, cents amount) {
  // Unsigned, so that the most negative amount has a magnitude too.
  auto const magnitude = amount < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(amount)
                                    : static_cast<std::uint64_t>(amount);
  if (amount < 0) out += '-';
  append_integer(out, magnitude / 100);
  out += '.';
  append_two_digits(out, static_cast<unsigned>(magnitude % 100));
}

namespace {
/// Printable ASCII that JSON takes as is.
bool is_plain_json_byte(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

/// Length of the run of plain bytes at the start of [p, end), 16 bytes at a time where SSE2
/// is there: a signed compare below 0x20 also catches every byte from 0x80 up.
std::size_t plain_run(char const* p, char const* end) {
  char const* const start = p;
#if defined(__SSE2__)
  __m128i const space = _mm_set1_epi8(0x20);
  __m128i const quote = _mm_set1_epi8('"');
  __m128i const backslash = _mm_set1_epi8('\\');
  while (end - p >= 16) {
    __m128i const block = _mm_loadu_si128(reinterpret_cast<__m128i const*>(p));
    __m128i const special =
        _mm_or_si128(_mm_cmplt_epi8(block, space),
                     _mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, backslash)));
    auto const mask = static_cast<unsigned>(_mm_movemask_epi8(special));
    if (mask != 0) return static_cast<std::size_t>(p - start) + __builtin_ctz(mask);
    p += 16;
  }
#endif
  while (p < end && is_plain_json_byte(static_cast<unsigned char>(*p))) ++p;
  return static_cast<std::size_t>(p - start);
}
}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    // Most text (ids, codes, messages) needs no escape: copy such runs whole, not by byte.
    if (std::size_t const run = plain_run(text.data() + i, text.data() + text.size())) {
      out.append(text.substr(i, run));
      i += run;
      continue;
    }
    auto const c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      if (auto const length = utf8_length(text, i)) {
        out.append(text.substr(i, length));
        i += length;
      } else {
        fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20)
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
        else
          out += static_cast<char>(c);
    }
    ++i;
  }
  out += '"';
}

void append_json(std::string& out, finding const& f) {
  object_writer w(out);
  write_common(w, f);
  if (f.error) write_error(w, *f.error);
  if (f.threshold) write_threshold(w, *f.threshold);
  if (f.kind == finding_kind::dmepos_modifier_missing ||
      f.kind == finding_kind::kx_wrong_modifier) {
    w.string("policy", f.policy);
  }
  if (f.denial) write_denial(w, *f.denial);
  if (f.remit) write_remit(w, *f.remit);
  if (f.denial) w.string("action", name_of(f.denial->action));
  if (f.kind == finding_kind::remit_ambiguous) write_candidates(w, f.candidates);
  if (f.waiting) {
    w.date("received", f.waiting->received);
    w.number("days_waiting", static_cast<std::uint64_t>(f.waiting->days));
  }
  if (f.rule) {
    w.string("rule", f.rule->rule);
    w.string("policy_source", f.rule->policy_source);
    w.string("guidance", f.rule->guidance);
  }
  w.close();
  out += '\n';
}

void append_json(std::string& out, claim_reconciliation const& r) {
  object_writer w(out);
  write_common(w, r.header, "claim_reconciliation");
  w.string("status", r.status);
  w.date("received", r.received);
  w.money("billed", r.header.charge.value_or(0));
  w.money("paid", r.paid);
  w.key("adjusted");
  {
    object_writer groups(w.raw());
    for (auto const& a : r.adjusted) groups.money(a.group, a.amount);
    groups.close();
  }
  w.number("remits", r.remits);
  w.number("lines", r.lines);
  w.number("lines_answered", r.lines_answered);
  w.key("denied_lines");
  w.raw() += '[';
  for (std::size_t i = 0; i < r.denied_lines.size(); ++i) {
    if (i) w.raw() += ',';
    auto const& f = *r.denied_lines[i];
    object_writer d(w.raw());
    write_line_keys(d, f);
    write_denial(d, *f.denial);
    if (f.remit) write_remit(d, *f.remit);
    d.string("action", name_of(f.denial->action));
    d.string("rule", f.rule ? f.rule->rule : std::string_view());
    d.close();
  }
  w.raw() += ']';
  w.close();
  out += '\n';
}

void append_json(std::string& out, run_summary const& s) {
  object_writer w(out);
  finding header;
  header.kind = finding_kind::summary;
  header.level = severity::info;
  header.message = fmt::format("{} claims, {} remits, {} rejected transactions", s.claims, s.remits,
                               s.transactions_rejected);
  write_common(w, header);
  w.number("files", s.files);
  w.number("bytes", s.bytes);
  w.number("interchanges", s.interchanges);
  w.number("transactions", s.transactions);
  w.number("claims", s.claims);
  w.number("lines", s.lines);
  w.number("remits", s.remits);
  w.number("remit_lines", s.remit_lines);
  w.money("billed", s.billed);
  w.money("paid", s.paid);
  w.key("findings");
  {
    object_writer counts(w.raw());
    for (std::size_t k = 0; k < finding_kind_count; ++k) {
      auto const kind = static_cast<finding_kind>(k);
      if (kind == finding_kind::summary) continue;
      counts.number(name_of(kind), s.findings[k]);
    }
    counts.close();
  }
  auto const pair = [&](std::string_view name, std::uint64_t transactions, std::uint64_t claims,
                        std::uint64_t remits) {
    w.key(name);
    object_writer o(w.raw());
    o.number("transactions", transactions);
    o.number("claims", claims);
    o.number("remits", remits);
    o.close();
  };
  pair("accepted", s.transactions - s.transactions_rejected, s.claims - s.claims_rejected,
       s.remits - s.remits_rejected);
  pair("rejected", s.transactions_rejected, s.claims_rejected, s.remits_rejected);
  w.string("rules_version", s.rules_version);
  w.close();
  out += '\n';
}

}  // namespace x12kx
