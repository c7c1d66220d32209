#include "gen/x12_writer.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <array>
#include <cctype>
#include <iterator>
#include <optional>
#include <span>

namespace x12kx::gen {
namespace {

/// An amount in cents printed the X12 way: "125", "125.5" is avoided, "125.50", "-0.05".
struct money {
  cents value;
};

}  // namespace
}  // namespace x12kx::gen

template <>
struct fmt::formatter<x12kx::gen::money> {
  constexpr auto parse(format_parse_context& context) { return context.begin(); }
  template <typename Context>
  auto format(x12kx::gen::money amount, Context& context) const {
    auto const value = amount.value;
    auto const magnitude = static_cast<unsigned long long>(value < 0 ? -value : value);
    char const* sign = value < 0 ? "-" : "";
    if (magnitude % 100 == 0) return fmt::format_to(context.out(), "{}{}", sign, magnitude / 100);
    return fmt::format_to(context.out(), "{}{}.{:02}", sign, magnitude / 100, magnitude % 100);
  }
};

namespace x12kx::gen {
namespace {

// The buffer goes to the sink once it holds this much: big writes, few system calls.
constexpr std::size_t flush_bytes = 4u << 20;

constexpr std::string_view submitter = "XKXGEN01";
constexpr std::string_view receiver = "XKXMAC01";
constexpr std::string_view medicare_payer = "GENERATED MEDICARE CONTRACTOR";
constexpr std::string_view commercial_payer = "GENERATED COMMERCIAL PLAN";

/// Formats segments into a buffer with the default delimiters, then swaps in the requested
/// ones segment by segment (generated data never holds '*', ':' or '^' as text).
class segment_out {
 public:
  segment_out(format_options const& format, byte_sink sink)
      : format_(format), sink_(std::move(sink)) {
    translate_ = format.element != '*' || format.component != ':' || format.repetition != '^';
    buffer_.reserve(flush_bytes + (64u << 10));
  }

  /// Formats one segment from a compiled format (FMT_COMPILE: parsed at build time).
  template <typename Format, typename... T>
  void segment(Format const& text, T&&... args) {
    std::size_t const start = buffer_.size();
    fmt::format_to(std::back_inserter(buffer_), text, std::forward<T>(args)...);
    if (translate_) translate(start);
    buffer_.push_back(format_.segment);
    buffer_.append(format_.after_segment);
    ++segments_;
  }

  /// Moves another buffer's bytes and segment count in (the 835 writes its body apart).
  void append(segment_out& other) {
    buffer_.append(other.buffer_);
    segments_ += other.segments_;
    other.buffer_.clear();
    other.segments_ = 0;
  }

  void maybe_flush() {
    if (buffer_.size() >= flush_bytes) flush();
  }
  void flush() {
    if (buffer_.empty()) return;
    written_ += buffer_.size();
    sink_(buffer_);
    buffer_.clear();
  }

  [[nodiscard]] std::uint64_t bytes() const { return written_ + buffer_.size(); }
  [[nodiscard]] std::uint32_t segments() const { return segments_; }
  void reset_segments() { segments_ = 0; }

 private:
  void translate(std::size_t start) {
    for (std::size_t i = start; i < buffer_.size(); ++i) {
      char& c = buffer_[i];
      if (c == '*') {
        c = format_.element;
      } else if (c == ':') {
        c = format_.component;
      } else if (c == '^') {
        c = format_.repetition;
      }
    }
  }

  format_options const& format_;
  byte_sink sink_;
  std::string buffer_;
  std::uint64_t written_ = 0;
  std::uint32_t segments_ = 0;
  bool translate_ = false;
};

/// "HC:97110:GP:KX": `code` with the line's modifiers, leaving out `omit` (a modifier the
/// payer stripped or dropped; empty: none).
std::string_view procedure_text(line_plan const& line, std::string_view code, std::string_view omit,
                                std::array<char, 40>& buffer) {
  std::size_t n = 0;
  // At most "HC:" + 5 + 4 * ":MM" = 20 characters; the bound only keeps the compiler sure.
  auto put = [&](std::string_view text) {
    for (char c : text) {
      if (n < buffer.size()) buffer[n++] = c;
    }
  };
  put("HC:");
  put(code);
  for (std::size_t i = 0; i < line.modifiers.size(); ++i) {
    if (line.modifiers[i] == omit) continue;
    put(":");
    put(line.modifiers[i]);
  }
  return {buffer.data(), n};
}

/// The composite as billed.
std::string_view billed_text(line_plan const& line, std::array<char, 40>& buffer) {
  return procedure_text(line, line.procedure->code, {}, buffer);
}

/// Invented member identity from the member number: an MBI-shaped id, a first name, a birth
/// date. Never real people; deterministic per seed.
struct member_identity {
  std::array<char, 11> mbi{};
  std::string_view first_name;
  std::uint32_t birth_date = 0;
  char sex = 'F';

  member_identity(std::uint64_t seed, std::uint64_t member) {
    constexpr std::string_view letters = "ACDEFGHJKMNPQRTUVWXY";  // MBI letters
    constexpr std::string_view digits = "0123456789";
    constexpr std::array<std::string_view, 12> names{"ALPHA", "BRAVO",   "CHARLIE", "DELTA",
                                                     "ECHO",  "FOXTROT", "GOLF",    "HOTEL",
                                                     "INDIA", "JULIETT", "KILO",    "LIMA"};
    std::uint64_t h = seed * 0x9e3779b97f4a7c15ULL + member * 0xbf58476d1ce4e5b9ULL + 1;
    auto take = [&](std::string_view set) {
      h ^= h >> 29;
      h *= 0x94d049bb133111ebULL;
      return set[(h >> 32) % set.size()];
    };
    // Positions: digit 1-9, letter, alnum, digit, letter, alnum, digit, letter, letter, d, d.
    mbi[0] = digits[1 + (member % 9)];
    mbi[1] = take(letters);
    mbi[2] = take(digits);
    mbi[3] = take(digits);
    mbi[4] = take(letters);
    mbi[5] = take(letters);
    mbi[6] = take(digits);
    mbi[7] = take(letters);
    mbi[8] = take(letters);
    mbi[9] = take(digits);
    mbi[10] = take(digits);
    first_name = names[member % names.size()];
    birth_date = 19400101 + static_cast<std::uint32_t>((member % 19) * 10000 + (member % 12) * 100 +
                                                       member % 28);
    sex = member % 2 == 0 ? 'F' : 'M';
  }
  [[nodiscard]] std::string_view id() const { return {mbi.data(), mbi.size()}; }
};

/// Envelope bookkeeping shared by the 837 and 835 writers: one ISA/GS per file and one
/// ST/SE per claims_per_transaction claims.
class envelope {
 public:
  envelope(segment_out& out, std::string_view gs01, std::string_view gs08, bool to_payer)
      : out_(out), gs08_(gs08) {
    auto const from = to_payer ? submitter : receiver;
    auto const to = to_payer ? receiver : submitter;
    out_.segment(
        FMT_COMPILE(
            "ISA*00*          *00*          *ZZ*{:<15}*ZZ*{:<15}*250110*0800*^*00501*{:09}*0*P*:"),
        from, to, control);
    out_.segment(FMT_COMPILE("GS*{}*{}*{}*20250110*0800*{}*X*{}"), gs01, from, to, control, gs08);
  }

  [[nodiscard]] std::uint32_t transactions() const { return transactions_; }
  std::uint32_t open_transaction(std::string_view st01) {
    ++transactions_;
    out_.reset_segments();
    if (st01 == "835") {
      out_.segment(FMT_COMPILE("ST*835*{:04}"), transactions_);
    } else {
      out_.segment(FMT_COMPILE("ST*837*{:04}*{}"), transactions_, gs08_);
    }
    return transactions_;
  }
  void close_transaction() {
    out_.segment(FMT_COMPILE("SE*{}*{:04}"), out_.segments() + 1, transactions_);
  }
  void finish() {
    out_.segment(FMT_COMPILE("GE*{}*{}"), transactions_, control);
    out_.segment(FMT_COMPILE("IEA*1*{:09}"), control);
    out_.flush();
  }

 private:
  static constexpr unsigned control = 1001;
  segment_out& out_;
  std::string_view gs08_;
  std::uint32_t transactions_ = 0;
};

class writer_837 {
 public:
  writer_837(file_kind kind, std::uint64_t seed, format_options const& format, byte_sink sink)
      : institutional_(kind == file_kind::claims_837i),
        seed_(seed),
        format_(format),
        out_(format, std::move(sink)),
        envelope_(out_, "HC", institutional_ ? "005010X223A2" : "005010X222A1", true) {}

  void add(claim_plan const& claim) {
    if (in_transaction_ == 0) open();
    write_claim(claim);
    if (++in_transaction_ == format_.claims_per_transaction) close();
    out_.maybe_flush();
  }
  void finish() {
    if (in_transaction_ > 0) close();
    envelope_.finish();
  }
  [[nodiscard]] std::uint64_t bytes() const { return out_.bytes(); }

 private:
  void open() {
    auto const st02 = envelope_.open_transaction("837");
    out_.segment(FMT_COMPILE("BHT*0019*00*GENBATCH{:06}*20250110*0800*CH"), st02);
    out_.segment(FMT_COMPILE("NM1*41*2*GENERATED CLINIC BILLING*****46*{}"), submitter);
    out_.segment(FMT_COMPILE("PER*IC*BILLING DESK*TE*5555550100"));
    out_.segment(FMT_COMPILE("NM1*40*2*{}*****46*99901"), medicare_payer);
    out_.segment(FMT_COMPILE("HL*1**20*1"));
    out_.segment(FMT_COMPILE("PRV*BI*PXC*{}"), institutional_ ? "282N00000X" : "225100000X");
    out_.segment(FMT_COMPILE("NM1*85*2*GENERATED THERAPY GROUP*****XX*1999000015"));
    out_.segment(FMT_COMPILE("N3*100 SAMPLE AVENUE"));
    out_.segment(FMT_COMPILE("N4*TESTTOWN*MD*212010001"));
    out_.segment(FMT_COMPILE("REF*EI*990000001"));
    hl_ = 1;
  }
  void close() {
    envelope_.close_transaction();
    in_transaction_ = 0;
  }

  void write_claim(claim_plan const& claim) {
    member_identity const who(seed_, claim.member);
    out_.segment(FMT_COMPILE("HL*{}*1*22*0"), ++hl_);
    out_.segment(FMT_COMPILE("SBR*P*18*******{}"), claim.medicare ? "MB" : "CI");
    out_.segment(FMT_COMPILE("NM1*IL*1*TESTPATIENT*{}****MI*{}"), who.first_name, who.id());
    out_.segment(FMT_COMPILE("N3*{} SAMPLE LANE"), claim.member % 997 + 1);
    out_.segment(FMT_COMPILE("N4*TESTTOWN*MD*21201"));
    out_.segment(FMT_COMPILE("DMG*D8*{}*{}"), who.birth_date, who.sex);
    out_.segment(FMT_COMPILE("NM1*PR*2*{}*****PI*99901"),
                 claim.medicare ? medicare_payer : commercial_payer);
    std::array<char, 32> id;
    auto const clm01 = claim_id(seed_, claim.index, id);
    if (institutional_) {
      out_.segment(FMT_COMPILE("CLM*{}*{}***13:A:1**A*Y*Y"), clm01, money{claim.total_charge()});
      out_.segment(FMT_COMPILE("DTP*434*RD8*{}-{}"), claim.statement_from, claim.statement_to);
      out_.segment(FMT_COMPILE("CL1*3**01"));
      out_.segment(FMT_COMPILE("HI*ABK:M6281"));
      out_.segment(FMT_COMPILE("NM1*71*1*TESTDOCTOR*ALPHA****XX*1999000031"));
    } else {
      out_.segment(FMT_COMPILE("CLM*{}*{}***{}:B:1*Y*A*Y*Y"), clm01, money{claim.total_charge()},
                   claim.dmepos ? 12 : 11);
      out_.segment(FMT_COMPILE("HI*ABK:{}"), claim.dmepos ? "G4733" : "M6281");
    }
    for (auto const& line : claim.lines) write_line(claim, line);
  }

  void write_line(claim_plan const& claim, line_plan const& line) {
    std::array<char, 40> text;
    out_.segment(FMT_COMPILE("LX*{}"), line.number);
    auto const composite = billed_text(line, text);
    if (institutional_) {
      out_.segment(FMT_COMPILE("SV2*{}*{}*{}*UN*{}"), line.procedure->revenue_code, composite,
                   money{line.charge}, line.units);
    } else {
      out_.segment(FMT_COMPILE("SV1*{}*{}*UN*{}***1"), composite, money{line.charge}, line.units);
    }
    out_.segment(FMT_COMPILE("DTP*472*D8*{}"), line.service_date);
    if (claim.line_refs) {
      std::array<char, 32> ref;
      out_.segment(FMT_COMPILE("REF*6R*{}"),
                   x12kx::gen::line_ref(seed_, claim.index, line.number, ref));
    }
  }

  bool institutional_;
  std::uint64_t seed_;
  format_options const& format_;
  segment_out out_;
  envelope envelope_;
  std::uint32_t in_transaction_ = 0;
  std::uint32_t hl_ = 1;
};

/// Which payment of a claim a CLP reports.
enum class payment_role : std::uint8_t { final, original, reversal };

class writer_835 {
 public:
  writer_835(file_kind remit_of, std::uint64_t seed, format_options const& format, byte_sink sink)
      : institutional_(remit_of == file_kind::claims_837i),
        seed_(seed),
        format_(format),
        out_(format, std::move(sink)),
        body_(format, [](std::string_view) {}),
        envelope_(out_, "HP", "005010X221A1", false) {}

  void add(claim_plan const& claim) {
    switch (claim.shape) {
      case remit_shape::lines:
        write_payment(claim, payment_role::final);
        break;
      case remit_shape::split:
        write_split(claim);
        break;
      case remit_shape::claim_denied:
        write_claim_denial(claim);
        break;
      case remit_shape::reversed_corrected:
        write_payment(claim, payment_role::original);
        write_payment(claim, payment_role::reversal);
        write_payment(claim, payment_role::final);
        break;
    }
    if (++in_transaction_ == format_.claims_per_transaction) close();
  }
  void finish() {
    if (in_transaction_ > 0) close();
    envelope_.finish();
  }

 private:
  /// The header needs the transaction's total, so the claims go to body_ first.
  void close() {
    auto const st02 = envelope_.open_transaction("835");
    if (total_paid_ > 0) {
      out_.segment(
          FMT_COMPILE(
              "BPR*I*{}*C*ACH*CCP*01*011000015*DA*000012345*1999990001**01*021000021*DA*000067890*"
              "20250117"),
          money{total_paid_});
    } else {
      out_.segment(FMT_COMPILE("BPR*H*{}*C*NON************20250117"), money{total_paid_});
    }
    out_.segment(FMT_COMPILE("TRN*1*GENEFT{:08}*1999990001"), st02);
    out_.segment(FMT_COMPILE("DTM*405*20250115"));
    out_.segment(FMT_COMPILE("N1*PR*{}"), medicare_payer);
    out_.segment(FMT_COMPILE("N3*900 PAYER PLAZA"));
    out_.segment(FMT_COMPILE("N4*TESTTOWN*MD*212010099"));
    out_.segment(FMT_COMPILE("PER*BL*EDI SUPPORT*TE*5555550900"));
    out_.segment(FMT_COMPILE("N1*PE*GENERATED THERAPY GROUP*XX*1999000015"));
    out_.segment(FMT_COMPILE("LX*1"));
    out_.append(body_);
    envelope_.close_transaction();
    out_.maybe_flush();
    in_transaction_ = 0;
    total_paid_ = 0;
  }

  void write_clp(claim_plan const& claim, std::string_view status, cents charge, cents paid,
                 cents patient, char ccn_suffix) {
    std::array<char, 32> id;
    body_.segment(FMT_COMPILE("CLP*{}*{}*{}*{}*{}*{}*{:013}{}*{}*1"),
                  claim_id(seed_, claim.index, id), status, money{charge}, money{paid},
                  money{patient}, claim.medicare ? "MB" : "CI", claim.index, ccn_suffix,
                  facility(claim));
    total_paid_ += paid;
  }
  /// CLP08: the 837's place of service or facility type.
  [[nodiscard]] int facility(claim_plan const& claim) const {
    return institutional_ ? 13 : claim.dmepos ? 12 : 11;
  }

  void write_patient(claim_plan const& claim) {
    member_identity const who(seed_, claim.member);
    body_.segment(FMT_COMPILE("NM1*QC*1*TESTPATIENT*{}****MI*{}"), who.first_name, who.id());
  }

  void write_claim_denial(claim_plan const& claim) {
    cents const charge = claim.total_charge();
    write_clp(claim, "4", charge, 0, 0, '0');
    body_.segment(FMT_COMPILE("CAS*CO*16*{}"), money{charge});
    write_patient(claim);
    body_.segment(FMT_COMPILE("MOA***MA130"));
  }

  void write_payment(claim_plan const& claim, payment_role role) {
    write_payment(claim, role, claim.lines, payer_suffix(claim, role));
  }

  /// A split claim: the first CLP has the lines before split_at, the second the rest.
  void write_split(claim_plan const& claim) {
    std::span<line_plan const> const all(claim.lines);
    write_payment(claim, payment_role::final, all.first(claim.split_at), '0');
    write_payment(claim, payment_role::final, all.subspan(claim.split_at), '2');
  }

  /// The last digit of CLP07: the correction of a reversed payment is a new payer claim.
  static char payer_suffix(claim_plan const& claim, payment_role role) {
    bool const correction =
        role == payment_role::final && claim.shape == remit_shape::reversed_corrected;
    return correction ? '1' : '0';
  }

  void write_payment(claim_plan const& claim, payment_role role, std::span<line_plan const> lines,
                     char ccn_suffix) {
    // The original of a reversed pair was paid in full; the final payment follows the plan.
    bool const as_paid = role != payment_role::final;
    cents const sign = role == payment_role::reversal ? -1 : 1;
    cents charge = 0;
    cents paid = 0;
    cents patient = 0;
    for (auto const& line : lines) {
      bool const denied = !as_paid && line.denied();
      charge += line.charge;
      paid += denied ? 0 : line.allowed - line.coinsurance;
      patient += denied ? (line.patient_liable ? line.charge : 0) : line.coinsurance;
    }
    std::string_view const status = role == payment_role::reversal ? "22" : paid == 0 ? "4" : "1";
    write_clp(claim, status, sign * charge, sign * paid, sign * patient, ccn_suffix);
    write_patient(claim);
    for (auto const& line : lines) write_service(claim, line, as_paid, sign);
  }

  void write_service(claim_plan const& claim, line_plan const& line, bool as_paid, cents sign) {
    bool const denied = !as_paid && line.denied();
    cents const paid = denied ? 0 : line.allowed - line.coinsurance;
    std::array<char, 40> adjudicated;
    std::array<char, 40> submitted;
    bool const stripped = !as_paid && line.svc06;
    auto const code = line.adjudicated ? line.adjudicated->code : line.procedure->code;
    auto const svc01 = procedure_text(line, code, stripped ? "KX" : line.dropped, adjudicated);
    std::string_view const revenue = line.procedure->revenue_code;
    if (stripped || line.adjudicated) {
      body_.segment(FMT_COMPILE("SVC*{}*{}*{}*{}*{}*{}"), svc01, money{sign * line.charge},
                    money{sign * paid}, revenue, line.units, billed_text(line, submitted));
    } else {
      body_.segment(FMT_COMPILE("SVC*{}*{}*{}*{}*{}"), svc01, money{sign * line.charge},
                    money{sign * paid}, revenue, line.units);
    }
    body_.segment(FMT_COMPILE("DTM*472*{}"), line.service_date);
    write_adjustments(line, denied, sign);
    if (claim.line_refs) {
      std::array<char, 32> ref;
      body_.segment(FMT_COMPILE("REF*6R*{}"),
                    x12kx::gen::line_ref(seed_, claim.index, line.number, ref));
    }
    if (!denied) body_.segment(FMT_COMPILE("AMT*B6*{}"), money{sign * line.allowed});
    if (denied) write_remark(line);
  }

  void write_adjustments(line_plan const& line, bool denied, cents sign) {
    if (!denied) {
      body_.segment(FMT_COMPILE("CAS*CO*45*{}"), money{sign * (line.charge - line.allowed)});
      body_.segment(FMT_COMPILE("CAS*PR*2*{}"), money{sign * line.coinsurance});
      return;
    }
    money const amount{sign * line.charge};
    switch (line.outcome) {
      case line_outcome::denied_119:
        return body_.segment(FMT_COMPILE("CAS*CO*119*{}"), amount);
      case line_outcome::denied_151:
        return body_.segment(FMT_COMPILE("CAS*CO*151*{}"), amount);
      case line_outcome::denied_50:
        return body_.segment(FMT_COMPILE("CAS*{}*50*{}"), line.patient_liable ? "PR" : "CO",
                             amount);
      case line_outcome::denied_4:
        return body_.segment(FMT_COMPILE("CAS*CO*4*{}"), amount);
      case line_outcome::paid:
        return;
    }
  }

  void write_remark(line_plan const& line) {
    switch (line.outcome) {
      case line_outcome::denied_119:
        return body_.segment(FMT_COMPILE("LQ*HE*N640"));
      case line_outcome::denied_50:
        return body_.segment(FMT_COMPILE("LQ*HE*N115"));
      case line_outcome::denied_4:
        return body_.segment(FMT_COMPILE("LQ*HE*N822"));
      case line_outcome::denied_151:
      case line_outcome::paid:
        return;
    }
  }

  bool institutional_;
  std::uint64_t seed_;
  format_options const& format_;
  segment_out out_;
  segment_out body_;
  envelope envelope_;
  std::uint32_t in_transaction_ = 0;
  cents total_paid_ = 0;
};

/// Runs the workload and feeds the writers the request needs; `visit` sees every plan.
generate_result run(generate_request const& request, byte_sink const& sink,
                    std::function<void(claim_plan const&)> const& visit) {
  bool const remit = request.kind == file_kind::remits_835;
  file_kind const claims_kind = remit ? request.remit_of : request.kind;
  workload work({request.seed, claims_kind == file_kind::claims_837i ? claim_kind::institutional
                                                                     : claim_kind::professional});
  generate_result result;
  // The 837 writer writes the file, or only counts the 837's bytes to size an 835.
  std::optional<writer_837> claims;
  std::optional<writer_835> remits;
  bool const sized = request.claims == 0;
  if (!remit) {
    claims.emplace(claims_kind, request.seed, request.format, [&](std::string_view bytes) {
      result.bytes += bytes.size();
      if (sink) sink(bytes);
    });
  } else {
    if (sized) claims.emplace(claims_kind, request.seed, request.format, [](std::string_view) {});
    remits.emplace(claims_kind, request.seed, request.format, [&](std::string_view bytes) {
      result.bytes += bytes.size();
      if (sink) sink(bytes);
    });
  }
  while (sized ? claims->bytes() < request.bytes : result.claims < request.claims) {
    auto const& plan = work.next();
    if (claims) claims->add(plan);
    if (remits) remits->add(plan);
    if (visit) visit(plan);
    result.expected.add(plan);
    ++result.claims;
  }
  if (claims) claims->finish();
  if (remits) remits->finish();
  return result;
}

}  // namespace

bool format_options::valid() const {
  std::array<char, 4> const all{element, component, repetition, segment};
  for (std::size_t i = 0; i < all.size(); ++i) {
    auto const c = static_cast<unsigned char>(all[i]);
    if (std::isalnum(c) || c == ' ' || c == '\0') return false;
    for (std::size_t j = i + 1; j < all.size(); ++j) {
      if (all[i] == all[j]) return false;
    }
  }
  return claims_per_transaction > 0;
}

generate_result generate(generate_request const& request, byte_sink const& sink) {
  return run(request, sink, nullptr);
}

void for_each_claim(generate_request const& request,
                    std::function<void(claim_plan const&)> const& visit) {
  run(request, nullptr, visit);
}

}  // namespace x12kx::gen
