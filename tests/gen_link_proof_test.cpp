// The linking proof of issue 5: the workload generator writes 837+835 pairs whose answers
// it knows (which claim line each remit line answers, and how), and the linker must give
// exactly those answers. The expected table is built from the generator's plans alone,
// never from the linker: remits with and without REF*6R, codes the payer changed (SVC06,
// or a modifier dropped without SVC06), split claims (two CLPs for one CLM01), reversals
// netted against their original with the correction linked, claim-level denials linked to
// every line, and identical lines reported as a tie of exactly those lines.
#include "gen/x12_writer.hpp"
#include "link_support.hpp"
#include "store_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <span>

namespace x12kx {
namespace {

using gen::claim_plan;
using gen::file_kind;
using gen::line_plan;
using strings = std::vector<std::string>;

/// The fields the linker's match compares, as billed: a remit line of one of these lines
/// can only tie between them.
bool identical(line_plan const& a, line_plan const& b) {
  return a.procedure->code == b.procedure->code && a.modifiers.same_set(b.modifiers) &&
         a.charge == b.charge && a.units == b.units && a.service_date == b.service_date;
}

/// What link_table must say for the remit line that answers `line`.
std::string expected_answer(claim_plan const& claim, line_plan const& line, std::string_view id) {
  switch (line.link) {
    case gen::link_answer::line_ref:
      return fmt::format("{}/LX{} line_ref", id, line.number);
    case gen::link_answer::match:
      return fmt::format("{}/LX{} match", id, line.number);
    case gen::link_answer::ambiguous:
      break;
  }
  std::string tie = "tie ";
  for (auto const& other : claim.lines) {
    if (!identical(line, other)) continue;
    tie += fmt::format("{}LX{}", tie.size() > 4 ? "," : "", other.number);
  }
  return tie;
}

/// Cases the proof must contain: split claims, and the payer's changes to codes linked by
/// match (SVC06, or the fallback without modifiers) as well as by REF*6R.
struct plan_cases {
  std::uint64_t split_claims = 0;
  std::uint64_t recoded_by_match = 0;   // SVC06 holds the billed code
  std::uint64_t dropped_by_match = 0;   // modifier gone, no SVC06
  std::uint64_t stripped_by_match = 0;  // KX stripped, SVC06 holds it
  std::uint64_t recoded_by_ref = 0;

  void add(claim_plan const& claim) {
    split_claims += claim.shape == gen::remit_shape::split ? 1 : 0;
    if (claim.shape == gen::remit_shape::claim_denied) return;
    for (auto const& line : claim.lines) {
      bool const by_match = line.link == gen::link_answer::match;
      recoded_by_match += by_match && line.adjudicated ? 1 : 0;
      recoded_by_ref += !by_match && line.adjudicated ? 1 : 0;
      dropped_by_match += by_match && !line.dropped.empty() ? 1 : 0;
      stripped_by_match += by_match && line.svc06 ? 1 : 0;
    }
  }
};

/// The link table the 835 of `request` must produce, from its plans, in remit order.
strings expected_table(gen::generate_request const& request, plan_cases& cases) {
  strings table;
  gen::for_each_claim(request, [&](claim_plan const& claim) {
    cases.add(claim);
    std::array<char, 32> buffer;
    std::string const id(gen::claim_id(request.seed, claim.index, buffer));
    auto const payment = [&](std::span<line_plan const> lines) {
      for (std::size_t k = 0; k < lines.size(); ++k) {
        table.push_back(
            fmt::format("{}/svc{} -> {}", id, k + 1, expected_answer(claim, lines[k], id)));
      }
    };
    std::span<line_plan const> const all(claim.lines);
    switch (claim.shape) {
      case gen::remit_shape::lines:
        return payment(all);
      case gen::remit_shape::split:
        payment(all.first(claim.split_at));
        return payment(all.subspan(claim.split_at));
      case gen::remit_shape::claim_denied:
        for (auto const& line : claim.lines) {
          table.push_back(fmt::format("{}/claim -> {}/LX{} claim", id, id, line.number));
        }
        return;
      case gen::remit_shape::reversed_corrected:
        table.push_back(id + "/* -> netted");  // the original payment
        table.push_back(id + "/* -> netted");  // its reversal
        return payment(all);                   // the correction
    }
  });
  return table;
}

/// How many rows of a link table fall in each category.
struct table_counts {
  std::uint64_t line_ref = 0;
  std::uint64_t match = 0;
  std::uint64_t tie = 0;
  std::uint64_t claim = 0;
  std::uint64_t netted = 0;
  std::uint64_t other = 0;  // unlinked or nothing: must not happen with generated pairs

  explicit table_counts(strings const& table) {
    auto const ends = [](std::string const& row, std::string_view tail) {
      return row.size() >= tail.size() &&
             row.compare(row.size() - tail.size(), tail.size(), tail.data(), tail.size()) == 0;
    };
    for (auto const& row : table) {
      if (ends(row, " line_ref")) {
        ++line_ref;
      } else if (ends(row, " match")) {
        ++match;
      } else if (row.find(" -> tie LX") != std::string::npos) {
        ++tie;
      } else if (ends(row, " claim")) {
        ++claim;
      } else if (ends(row, "/* -> netted")) {
        ++netted;
      } else {
        ++other;
      }
    }
  }
};

/// A scratch directory (with a claim store path) for the generated files.
class gen_link_proof : public testing::store_fixture {
 protected:
  std::string write(std::string const& name, gen::generate_request const& request,
                    gen::generate_result* result = nullptr) {
    auto const path = dir_ + "/" + name;
    std::ofstream out(path, std::ios::binary);
    auto const made = gen::generate(request, [&](std::string_view bytes) {
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    });
    if (result != nullptr) *result = made;
    return path;
  }

  /// The table comparison: every row, naming the first few that differ.
  static void expect_known_answers(strings const& actual, strings const& expected,
                                   std::uint64_t seed) {
    EXPECT_EQ(actual.size(), expected.size()) << "seed " << seed;
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < std::min(actual.size(), expected.size()); ++i) {
      if (actual[i] == expected[i]) continue;
      if (++wrong <= 10) {
        ADD_FAILURE() << "seed " << seed << " row " << i << ": linked \"" << actual[i]
                      << "\", known answer \"" << expected[i] << "\"";
      }
    }
    EXPECT_EQ(wrong, 0u) << "seed " << seed << ": rows that differ from the known answers";
  }

  /// Generates the pair for `kind` and `seed`, links it, and compares every row with the
  /// plans' answer; returns the linker's table.
  strings prove(file_kind kind, std::uint64_t seed, plan_cases& cases) {
    gen::generate_request claims;
    claims.kind = kind;
    claims.seed = seed;
    claims.claims = claims_per_run;
    auto remits = claims;
    remits.kind = file_kind::remits_835;
    remits.remit_of = kind;
    auto const in =
        testing::read_inputs({write("claims.x12", claims), write("remits.x12", remits)});
    EXPECT_EQ(in.claims.size(), claims_per_run);
    auto const actual = testing::link_table(in.claims, in.remits, testing::bundled_rules());
    expect_known_answers(actual, expected_table(remits, cases), seed);
    return actual;
  }

  static constexpr std::uint64_t claims_per_run = 3000;
};

/// Every row matches its known answer, for a few seeds, and every kind of answer occurs:
/// linked by REF*6R, by match, ties, claim-level links and netted reversals, with recoded,
/// modifier-dropped and KX-stripped lines among the matches, and split claims.
void expect_every_kind(table_counts const& seen, plan_cases const& cases) {
  EXPECT_GT(seen.line_ref, 0u);
  EXPECT_GT(seen.match, 0u);
  EXPECT_GT(seen.tie, 0u);
  EXPECT_GT(seen.claim, 0u);
  EXPECT_GT(seen.netted, 0u);
  EXPECT_EQ(seen.other, 0u);
  EXPECT_GT(cases.split_claims, 0u);
  EXPECT_GT(cases.recoded_by_match, 0u);
  EXPECT_GT(cases.recoded_by_ref, 0u);
  EXPECT_GT(cases.dropped_by_match, 0u);
  EXPECT_GT(cases.stripped_by_match, 0u);
}

TEST_F(gen_link_proof, professional_pairs_link_every_line_to_its_known_answer) {
  plan_cases cases;
  strings all;
  for (std::uint64_t const seed : {3u, 8u, 2026u}) {
    auto const table = prove(file_kind::claims_837p, seed, cases);
    all.insert(all.end(), table.begin(), table.end());
  }
  expect_every_kind(table_counts(all), cases);
}

TEST_F(gen_link_proof, institutional_pairs_link_every_line_to_its_known_answer) {
  plan_cases cases;
  strings all;
  for (std::uint64_t const seed : {5u, 11u}) {
    auto const table = prove(file_kind::claims_837i, seed, cases);
    all.insert(all.end(), table.begin(), table.end());
  }
  expect_every_kind(table_counts(all), cases);
}

/// Counts JSON lines of one finding kind in scan output.
std::uint64_t count_kind(std::string const& output, std::string_view kind) {
  std::uint64_t n = 0;
  for (auto const& line : testing::split_lines(output)) {
    n += line.find(fmt::format("\"kind\":\"{}\"", kind)) != std::string::npos ? 1 : 0;
  }
  return n;
}

// Across days: the 837 is recorded by one `scan --store` run, its 835 arrives in a later
// run and links against the stored claims. The run reports exactly the planned denials and
// ties, and the stored claims and remits link to the known answers row by row.
TEST_F(gen_link_proof, remits_of_a_later_run_link_to_stored_claims_as_known) {
  gen::generate_request claims;
  claims.seed = 8;
  claims.claims = 2000;
  auto remits = claims;
  remits.kind = file_kind::remits_835;
  gen::generate_result made;
  auto const claims_path = write("claims.x12", claims);
  auto const remits_path = write("remits.x12", remits, &made);
  scan({claims_path}, date8{20241020});
  auto const output = scan({remits_path}, date8{20241105});
  EXPECT_EQ(count_kind(output, "denial"), made.expected.denials);
  EXPECT_EQ(count_kind(output, "remit_ambiguous"), made.expected.ambiguous);
  EXPECT_EQ(count_kind(output, "remit_unlinked"), 0u);
  EXPECT_GT(made.expected.ambiguous, 0u);

  claim_store store(path_, claim_store::mode::reader);
  std::vector<claim> stored;
  for (auto& c : store.all_claims()) stored.push_back(std::move(c.billed));
  EXPECT_EQ(stored.size(), claims.claims);
  auto const actual = testing::link_table(stored, store.all_remits(), testing::bundled_rules());
  plan_cases cases;
  expect_known_answers(actual, expected_table(remits, cases), claims.seed);
  EXPECT_GT(cases.split_claims, 0u);
}

}  // namespace
}  // namespace x12kx
