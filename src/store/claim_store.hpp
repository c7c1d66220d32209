// The claim store: every 837 claim and line and every 835 payment a scan has read, kept in
// SQLite so that remits arriving days later link against claims of earlier runs. The
// schema is documented in docs/store.md and versioned with PRAGMA user_version.
#pragma once

#include "claims/claim.hpp"
#include "remits/remit.hpp"
#include "store/sqlite.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace x12kx {

using sqlite::store_error;

/// What makes one transaction set unique: a re-read with the same key changes nothing.
struct transaction_key {
  std::string sender;        // ISA06
  std::string isa13;         // interchange control number
  std::string gs06;          // group control number
  std::string st02;          // transaction set control number
  std::string content_hash;  // of the transaction's segment bytes (content_hasher)
};

/// FNV-1a 64 over segment bytes, each followed by a 0 byte so that moving a boundary
/// changes the hash. Fed the segments of a transaction set in order.
class content_hasher {
 public:
  void add(std::string_view segment) {
    for (unsigned char c : segment) hash_ = (hash_ ^ c) * prime;
    hash_ = (hash_ ^ 0u) * prime;
  }
  [[nodiscard]] std::string hex() const;

 private:
  static constexpr std::uint64_t prime = 0x100000001b3ull;
  std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

/// A claim's standing in the store: superseded by a replacement (frequency 7), closed by a
/// void (frequency 8), or the void itself.
enum class claim_status : std::uint8_t { open, superseded, voided, void_notice };
std::string_view name_of(claim_status status);

/// A stored claim with what the store adds to it.
struct stored_claim {
  std::int64_t id = 0;
  claim billed;
  claim_status status = claim_status::open;
  date8 received;  // the day the 837 was recorded
};

/// The store of one file. Open as writer (scan) or reader (reconcile). One writer at a time:
/// the writer holds an exclusive lock on FILE.lock for its life, and a second writer fails
/// at open with a store_error that says so. Readers never wait for the writer (WAL), and open
/// the file read-only: a store at an older schema must be upgraded by a writer first.
class claim_store {
 public:
  enum class mode : std::uint8_t { writer, reader };

  /// The schema version this build writes; older stores are migrated on open.
  static constexpr std::int64_t schema_version = 2;

  claim_store(std::string const& path, mode how);
  claim_store(claim_store const&) = delete;
  claim_store& operator=(claim_store const&) = delete;
  ~claim_store();

  struct recorded {
    std::int64_t set_id = 0;
    bool is_new = false;  // false: this transaction set was already in the store
  };

  /// Records the claims and remits of one transaction set in one SQLite transaction, or
  /// nothing when its key is already stored. Replacements and voids update the originals.
  recorded record(transaction_key const& key, envelope_info const& envelope,
                  std::span<claim const> claims, std::span<remit const> remits, date8 received);

  /// Claims whose CLM01 is one of `claim_ids`, or starts with one of those of exactly 20
  /// characters (the part payers keep), in the order they were recorded.
  std::vector<claim> claims_for(std::vector<std::string> const& claim_ids);
  /// Remits for those ids (CLP01), in the order recorded, leaving out the given sets.
  std::vector<remit> remits_for(std::vector<std::string> const& claim_ids,
                                std::unordered_set<std::int64_t> const& leave_out);

  /// Every claim and every remit, in the order recorded (for reconcile).
  std::vector<stored_claim> all_claims();
  std::vector<remit> all_remits();

  /// One run at a time records into and links against a store (one SQLite connection);
  /// run_scan holds this for the whole run, so concurrent service requests take turns.
  [[nodiscard]] std::mutex& run_turn() { return run_turn_; }

  [[nodiscard]] std::int64_t version() { return db_.scalar("PRAGMA user_version"); }
  [[nodiscard]] sqlite::database& database() { return db_; }

 private:
  std::mutex run_turn_;

  void migrate();
  /// Throws store_error when `found` is a schema version newer than this build's.
  static void refuse_newer(std::int64_t found);
  /// Reader mode: opens read-only and checks the version; never writes (no WAL switch, no
  /// migration).
  void open_reader(std::string const& path);
  /// A statement prepared on first use and kept, reset for this use; `sql` is a literal.
  sqlite::statement& cached(char const* sql);
  std::int64_t insert_claim(std::int64_t set_id, claim const& c);
  void insert_remit(std::int64_t set_id, remit const& r);
  void settle_original(std::int64_t claim_row, claim const& c);
  envelope_ptr envelope_of(std::int64_t set_id);
  claim read_claim(sqlite::statement& row);
  void read_claim_lines(std::int64_t claim_row, claim& c);
  std::vector<remit> read_remits(sqlite::statement& rows);

  sqlite::database db_;
  int lock_fd_ = -1;
  std::unordered_map<std::int64_t, envelope_ptr> envelopes_;
  std::unordered_map<char const*, std::unique_ptr<sqlite::statement>> statements_;
};

/// The SQL that brings a store from version i to i + 1, for tests of the migration path.
std::span<char const* const> store_migrations();

}  // namespace x12kx
