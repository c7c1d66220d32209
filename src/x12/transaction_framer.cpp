#include "x12/transaction_framer.hpp"

#include "grammar/x12_grammar.hpp"
#include "x12/elements.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace x12kx::x12 {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

bool counts_match(std::string_view text, std::uint64_t expected) {
  auto const value = grammar::parse_count(trimmed(text));
  return value && *value == expected;
}

/// A segment id of up to three characters as one number, so that testing the id of every
/// segment is an integer compare; 0 for a longer id, which is none of those below.
constexpr std::uint32_t id_code(std::string_view id) {
  if (id.size() > 3) return 0;
  std::uint32_t code = static_cast<std::uint32_t>(id.size()) << 24;
  for (std::size_t i = 0; i < id.size(); ++i) {
    code |= std::uint32_t{static_cast<unsigned char>(id[i])} << (8 * (2 - i));
  }
  return code;
}

constexpr std::uint32_t isa_id = id_code("ISA");
constexpr std::uint32_t iea_id = id_code("IEA");
constexpr std::uint32_t gs_id = id_code("GS");
constexpr std::uint32_t ge_id = id_code("GE");
constexpr std::uint32_t st_id = id_code("ST");
constexpr std::uint32_t se_id = id_code("SE");
constexpr std::uint32_t ta1_id = id_code("TA1");
constexpr std::uint32_t hl_id = id_code("HL");
constexpr std::uint32_t clm_id = id_code("CLM");
constexpr std::uint32_t clp_id = id_code("CLP");

/// A unit never reserves more than this beyond its target: one claim past the cut is plenty.
constexpr std::size_t reserve_slack = 64u << 10;

/// Control numbers compare as numbers when both are numeric: "0001" and "1" are the same.
bool control_numbers_match(std::string_view a, std::string_view b) {
  a = trimmed(a);
  b = trimmed(b);
  auto const x = grammar::parse_count(a);
  auto const y = grammar::parse_count(b);
  if (x && y) return *x == *y;
  return a == b;
}

}  // namespace

transaction_framer::transaction_framer(std::string file_name, std::uint32_t file_index,
                                       framer_options options)
    : file_name_(std::move(file_name)), file_index_(file_index), options_(options) {}

transaction_unit& transaction_framer::loose_unit() {
  if (!current_) {
    current_ = std::make_unique<transaction_unit>();
    current_->file_index = file_index_;
    auto envelope = std::make_shared<envelope_info>();
    envelope->file = file_name_;
    envelope->isa13 = in_interchange_ ? isa13_ : "";
    envelope->gs06 = in_group_ ? gs06_ : "";
    envelope->version = in_group_ ? gs08_ : "";
    current_->envelope = std::move(envelope);
  }
  return *current_;
}

void transaction_framer::flush_current() {
  if (!current_) return;
  if (!current_->segments.empty()) {
    // An eighth more than the last one: transactions of one file differ a little in size, and
    // one that outgrows its reservation copies itself whole.
    std::size_t const bytes = current_->bytes.size();
    bytes_hint_ = std::min(bytes + bytes / 8, options_.unit_target_bytes + reserve_slack);
    segments_hint_ = current_->segments.size() + current_->segments.size() / 8;
  }
  ready_.push_back(std::move(current_));
}

void transaction_framer::reserve_like_last(transaction_unit& unit) const {
  unit.bytes.reserve(bytes_hint_);
  unit.segments.reserve(segments_hint_);
}

void transaction_framer::add_error(error_code code, std::uint64_t offset, skipped what,
                                   std::string segment, std::string detail,
                                   std::optional<std::uint32_t> position,
                                   std::optional<std::uint32_t> element) {
  auto& unit = loose_unit();
  unit.findings.push_back(error_finding(
      {unit.envelope, offset},
      error_detail{code, std::move(segment), position, element, what, std::move(detail)}));
}

void transaction_framer::transaction_fault(error_code code, std::uint64_t offset,
                                           std::string segment, std::string detail,
                                           std::optional<std::uint32_t> position,
                                           std::optional<std::uint32_t> element) {
  bool const reject =
      options_.strict && in_transaction_ && !skipping_transaction_ && !transaction_rejected_;
  add_error(code, offset, reject ? skipped::transaction : skipped::nothing, std::move(segment),
            std::move(detail), position, element);
  if (!reject) return;
  transaction_rejected_ = true;
  current_->rejected = true;
  current_->counts.transactions_rejected += 1;
}

void transaction_framer::on_reader_error(reader_error const& error) {
  // An ISA of the wrong width is still read; --strict rejects the transactions inside it.
  if (error.code == error_code::isa_malformed && error.what == skipped::nothing) {
    isa_fault_pending_ = true;
  }
  add_error(error.code, error.offset, error.what, error.segment, error.detail);
}

// Inlined: it runs for every segment kept.
[[gnu::always_inline]] inline void transaction_framer::append(std::string_view bytes,
                                                              std::uint64_t offset, bool replayed,
                                                              std::uint32_t position) {
  auto& unit = *current_;
  segment_record record;
  record.begin = static_cast<std::uint32_t>(unit.bytes.size());
  record.length = static_cast<std::uint32_t>(bytes.size());
  record.offset = offset;
  record.position = position;
  record.replayed = replayed;
  unit.bytes.append(bytes);
  unit.segments.push_back(record);
}

void transaction_framer::on_segment(raw_segment const& segment, delimiters const& delims) {
  // Only the envelope segments below need their elements; the rest need just their id.
  std::string_view const name = segment_id(segment.bytes, delims.element);
  std::uint32_t const id = id_code(name);

  if (id == isa_id) {
    close_open_transaction(segment.offset, "a new ISA");
    elements const fields(segment.bytes, delims.element);
    if (in_interchange_) {
      add_error(error_code::missing_trailer, segment.offset, skipped::nothing, "IEA",
                "interchange ended by a new ISA without its IEA");
      close_interchange(nullptr);
    }
    flush_current();
    in_interchange_ = true;
    isa13_ = std::string(trimmed(fields[13]));
    isa06_ = std::string(trimmed(fields[6]));
    isa_faulted_ = std::exchange(isa_fault_pending_, false);
    groups_in_interchange_ = 0;
    delims_ = delims;
    loose_unit().counts.interchanges += 1;
    return;
  }
  if (id == iea_id) {
    close_interchange(&segment);
    return;
  }
  if (id == gs_id) {
    close_open_transaction(segment.offset, "a new GS");
    elements const fields(segment.bytes, delims.element);
    if (in_group_) {
      add_error(error_code::missing_trailer, segment.offset, skipped::nothing, "GE",
                "functional group ended by a new GS without its GE");
      close_group(nullptr);
    }
    flush_current();
    in_group_ = true;
    gs06_ = std::string(trimmed(fields[6]));
    gs08_ = std::string(trimmed(fields[8]));
    transactions_in_group_ = 0;
    ++groups_in_interchange_;
    return;
  }
  if (id == ge_id) {
    close_group(&segment);
    return;
  }
  if (id == st_id) {
    close_open_transaction(segment.offset, "a new ST");
    elements const fields(segment.bytes, delims.element);
    open_transaction(segment, delims, fields[1], fields[2], fields[3]);
    return;
  }
  if (!in_transaction_) {
    if (id == ta1_id) return;  // an interchange acknowledgment may sit between ISA and GS
    add_error(error_code::segment_out_of_place, segment.offset, skipped::segment,
              std::string(name.substr(0, 3)), "segment outside any ST..SE transaction");
    return;
  }
  ++segment_count_;
  if (id == se_id) {
    if (!skipping_transaction_) append(segment.bytes, segment.offset, false, segment_count_);
    close_transaction(&segment);
    return;
  }
  if (skipping_transaction_) return;
  // Most segments neither change the loop context nor may start a slice: no call for them.
  bool const claim = type_ == transaction_type::claim_837;
  if (claim && (recording_context_ || id == hl_id)) track_loop_context(id, segment);
  if (id == (claim ? clm_id : clp_id)) maybe_cut(id, delims);
  append(segment.bytes, segment.offset, false, segment_count_);
}

void transaction_framer::open_transaction(raw_segment const& segment, delimiters const& delims,
                                          std::string_view st01, std::string_view st02,
                                          std::string_view st03) {
  flush_current();
  in_transaction_ = true;
  segment_count_ = 1;
  st02_ = std::string(trimmed(st02));
  delims_ = delims;
  clear_loop_context();
  recording_context_ = false;
  transaction_rejected_ = false;
  auto envelope = std::make_shared<envelope_info>();
  envelope->file = file_name_;
  envelope->isa13 = in_interchange_ ? isa13_ : "";
  envelope->sender = in_interchange_ ? isa06_ : "";
  envelope->gs06 = in_group_ ? gs06_ : "";
  envelope->st02 = st02_;
  // GS08 names the implementation guide; ST03 repeats it in 5010 and is used without a GS.
  envelope->version = in_group_ && !gs08_.empty() ? gs08_ : std::string(trimmed(st03));
  envelope_ = std::move(envelope);
  ++transactions_in_group_;

  type_ = st01 == "837"   ? transaction_type::claim_837
          : st01 == "835" ? transaction_type::remit_835
                          : transaction_type::none;
  skipping_transaction_ = type_ == transaction_type::none;

  auto& unit = loose_unit();
  unit.counts.transactions += 1;
  unit.envelope = envelope_;
  unit.type = type_;
  unit.delims = delims;
  if (!in_group_) {
    transaction_fault(error_code::envelope_missing, segment.offset, "ST",
                      in_interchange_
                          ? "transaction outside a functional group (no GS)"
                          : "transaction without ISA and GS; delimiters taken from its ST",
                      1);
  }
  if (options_.strict && in_interchange_ && isa_faulted_) {
    transaction_fault(error_code::isa_malformed, segment.offset, "ST",
                      "the ISA of this transaction's interchange is malformed", 1);
  }
  if (skipping_transaction_) {
    unit.counts.transactions_rejected += 1;
    add_error(error_code::unknown_transaction, segment.offset, skipped::transaction, "ST",
              fmt::format("transaction set {} is not an 837 or 835", st01.substr(0, 6)), 1, 1);
    return;
  }
  reserve_like_last(unit);
  append(segment.bytes, segment.offset, false, segment_count_);
}

void transaction_framer::close_transaction(raw_segment const* se) {
  if (se != nullptr) {
    elements const fields(se->bytes, delims_.element);
    if (!counts_match(fields[1], segment_count_)) {
      transaction_fault(error_code::se_mismatch, se->offset, "SE",
                        fmt::format("SE01 says {} segments, the transaction has {}",
                                    trimmed(fields[1]).substr(0, 12), segment_count_),
                        segment_count_, 1);
    }
    if (!control_numbers_match(fields[2], st02_)) {
      transaction_fault(error_code::se_mismatch, se->offset, "SE", "SE02 does not match ST02",
                        segment_count_, 2);
    }
  }
  in_transaction_ = false;
  skipping_transaction_ = false;
  clear_loop_context();
  flush_current();
}

void transaction_framer::close_open_transaction(std::uint64_t offset, std::string_view by) {
  if (!in_transaction_) return;
  transaction_fault(error_code::missing_trailer, offset, "SE",
                    fmt::format("transaction ended by {} without its SE", by));
  close_transaction(nullptr);
}

void transaction_framer::close_group(raw_segment const* ge) {
  // Callers without a GE have closed the transaction already.
  if (ge != nullptr) close_open_transaction(ge->offset, "GE");
  if (ge != nullptr) {
    if (!in_group_) {
      add_error(error_code::segment_out_of_place, ge->offset, skipped::segment, "GE",
                "GE without a GS");
      return;
    }
    elements const fields(ge->bytes, delims_.element);
    if (!counts_match(fields[1], transactions_in_group_)) {
      add_error(error_code::ge_mismatch, ge->offset, skipped::nothing, "GE",
                fmt::format("GE01 says {} transactions, the group has {}",
                            trimmed(fields[1]).substr(0, 12), transactions_in_group_),
                std::nullopt, 1);
    }
    if (!control_numbers_match(fields[2], gs06_)) {
      add_error(error_code::ge_mismatch, ge->offset, skipped::nothing, "GE",
                "GE02 does not match GS06", std::nullopt, 2);
    }
  }
  in_group_ = false;
}

void transaction_framer::close_interchange(raw_segment const* iea) {
  if (iea != nullptr) close_open_transaction(iea->offset, "IEA");
  if (in_group_) {
    if (iea != nullptr) {
      add_error(error_code::missing_trailer, iea->offset, skipped::nothing, "GE",
                "functional group without its GE");
    }
    close_group(nullptr);
  }
  if (iea != nullptr) {
    if (!in_interchange_) {
      add_error(error_code::segment_out_of_place, iea->offset, skipped::segment, "IEA",
                "IEA without an ISA");
      return;
    }
    elements const fields(iea->bytes, delims_.element);
    if (!counts_match(fields[1], groups_in_interchange_)) {
      add_error(error_code::iea_mismatch, iea->offset, skipped::nothing, "IEA",
                fmt::format("IEA01 says {} groups, the interchange has {}",
                            trimmed(fields[1]).substr(0, 12), groups_in_interchange_),
                std::nullopt, 1);
    }
    if (!control_numbers_match(fields[2], isa13_)) {
      add_error(error_code::iea_mismatch, iea->offset, skipped::nothing, "IEA",
                "IEA02 does not match ISA13", std::nullopt, 2);
    }
  }
  in_interchange_ = false;
  flush_current();
}

void transaction_framer::finish(std::uint64_t end_offset) {
  if (in_transaction_) {
    transaction_fault(error_code::missing_trailer, end_offset, "SE",
                      "file ends inside a transaction (no SE)");
    close_transaction(nullptr);
  }
  if (in_group_) {
    add_error(error_code::missing_trailer, end_offset, skipped::nothing, "GE",
              "file ends inside a functional group (no GE)");
    in_group_ = false;
  }
  if (in_interchange_) {
    add_error(error_code::missing_trailer, end_offset, skipped::nothing, "IEA",
              "file ends inside an interchange (no IEA)");
    in_interchange_ = false;
  }
  flush_current();
}

void transaction_framer::clear_loop_context(std::size_t keep) {
  loop_context_.resize(std::min(keep, loop_context_.size()));
}

void transaction_framer::track_loop_context(std::uint32_t id, raw_segment const& segment) {
  hl_level level = hl_level::none;
  if (id == hl_id) {
    elements const fields(segment.bytes, delims_.element);
    std::string_view const code = fields[3];
    level = code == "22"   ? hl_level::subscriber
            : code == "23" ? hl_level::patient
                           : hl_level::other;
    if (code == "20") {
      clear_loop_context();
    } else {
      // A new subscriber (22) replaces the old subscriber and patient; a new patient (23)
      // replaces only the old patient.
      for (std::size_t i = 0; i < loop_context_.size(); ++i) {
        hl_level const old = loop_context_[i].level;
        if (old == hl_level::patient ||
            (old == hl_level::subscriber && level == hl_level::subscriber)) {
          clear_loop_context(i);
          break;
        }
      }
    }
    recording_context_ = true;
  } else if (id == clm_id) {
    recording_context_ = false;
  }
  // The segment is appended to the current unit next, never cut from it (only a CLM cuts).
  if (recording_context_) {
    loop_context_.push_back({static_cast<std::uint32_t>(current_->segments.size()), level});
  }
}

void transaction_framer::maybe_cut(std::uint32_t id, delimiters const& delims) {
  bool const boundary = (type_ == transaction_type::claim_837 && id == clm_id) ||
                        (type_ == transaction_type::remit_835 && id == clp_id);
  // --strict may still reject the whole transaction at its SE, so it stays in one unit.
  if (options_.strict || !boundary || !current_ ||
      current_->bytes.size() < options_.unit_target_bytes)
    return;
  flush_current();
  transaction_unit const& previous = *ready_.back();
  auto& unit = loose_unit();
  unit.envelope = envelope_;
  unit.type = type_;
  unit.delims = delims;
  reserve_like_last(unit);
  for (auto& saved : loop_context_) {
    segment_record const& record = previous.segments[saved.record];
    saved.record = static_cast<std::uint32_t>(unit.segments.size());
    append(previous.segment_bytes(record), record.offset, /*replayed=*/true, record.position);
  }
}

}  // namespace x12kx::x12
