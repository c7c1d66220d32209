#include "store/claim_store.hpp"

#include "linking/linker.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <set>

namespace x12kx {
namespace {

// Each entry takes the store from version i to i + 1; docs/store.md describes the result.
// Never edit an entry once released: add a new one.
constexpr std::array<char const*, 2> migrations = {
    // 1: transaction sets, claims and lines, remits and lines.
    R"sql(
CREATE TABLE transaction_sets (
  id INTEGER PRIMARY KEY,
  sender TEXT NOT NULL,
  isa13 TEXT NOT NULL,
  gs06 TEXT NOT NULL,
  st02 TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('837', '835')),
  version TEXT NOT NULL,
  file TEXT NOT NULL,
  received INTEGER NOT NULL,
  UNIQUE (sender, isa13, gs06, st02, content_hash));
CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL REFERENCES transaction_sets(id),
  claim_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  filing_indicator TEXT NOT NULL,
  type_of_bill TEXT NOT NULL,
  facility_code TEXT NOT NULL,
  frequency TEXT NOT NULL,
  original_payer_claim_id TEXT NOT NULL,
  total_charge INTEGER NOT NULL,
  statement_from INTEGER NOT NULL,
  format INTEGER NOT NULL,
  offset INTEGER NOT NULL);
CREATE INDEX claims_by_claim_id ON claims(claim_id);
CREATE TABLE claim_lines (
  claim INTEGER NOT NULL REFERENCES claims(id),
  seq INTEGER NOT NULL,
  line_number INTEGER NOT NULL,
  procedure TEXT NOT NULL,
  modifiers TEXT NOT NULL,
  revenue_code TEXT NOT NULL,
  charge INTEGER NOT NULL,
  units_milli INTEGER NOT NULL,
  service_date INTEGER NOT NULL,
  date_from_statement INTEGER NOT NULL,
  line_ref TEXT NOT NULL,
  offset INTEGER NOT NULL,
  PRIMARY KEY (claim, seq)) WITHOUT ROWID;
CREATE TABLE remits (
  id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL REFERENCES transaction_sets(id),
  claim_id TEXT NOT NULL,
  status TEXT NOT NULL,
  charge INTEGER NOT NULL,
  paid INTEGER NOT NULL,
  patient_responsibility INTEGER NOT NULL,
  filing_indicator TEXT NOT NULL,
  payer_claim_id TEXT NOT NULL,
  adjustments TEXT NOT NULL,
  remarks TEXT NOT NULL,
  offset INTEGER NOT NULL);
CREATE INDEX remits_by_claim_id ON remits(claim_id);
CREATE TABLE remit_lines (
  remit INTEGER NOT NULL REFERENCES remits(id),
  seq INTEGER NOT NULL,
  procedure TEXT NOT NULL,
  modifiers TEXT NOT NULL,
  submitted_procedure TEXT NOT NULL,
  submitted_modifiers TEXT NOT NULL,
  has_submitted INTEGER NOT NULL,
  revenue_code TEXT NOT NULL,
  charge INTEGER NOT NULL,
  paid INTEGER NOT NULL,
  units_milli INTEGER NOT NULL,
  service_date INTEGER NOT NULL,
  line_ref TEXT NOT NULL,
  adjustments TEXT NOT NULL,
  remarks TEXT NOT NULL,
  allowed INTEGER,
  offset INTEGER NOT NULL,
  PRIMARY KEY (remit, seq)) WITHOUT ROWID;
)sql",
    // 2: claim standing (replacements and voids) and lookups by the 20 characters payers keep.
    R"sql(
ALTER TABLE claims ADD COLUMN status TEXT NOT NULL DEFAULT 'open'
  CHECK (status IN ('open', 'superseded', 'voided', 'void'));
ALTER TABLE claims ADD COLUMN superseded_by INTEGER REFERENCES claims(id);
ALTER TABLE claims ADD COLUMN claim_prefix TEXT NOT NULL DEFAULT '';
UPDATE claims SET claim_prefix = substr(claim_id, 1, 20);
CREATE INDEX claims_by_prefix ON claims(claim_prefix);
CREATE INDEX remits_by_payer_claim_id ON remits(payer_claim_id);
)sql",
};
static_assert(migrations.size() == claim_store::schema_version);

// Lists are stored as short text: modifiers "GP:KX", remarks "N640,N115", adjustments
// "CO,45,9500,0;PR,2,1000,0" (group, reason, cents, thousandths of a unit).
std::string join_modifiers(modifier_set const& modifiers) {
  std::string out;
  for (std::size_t i = 0; i < modifiers.size(); ++i) {
    if (i) out += ':';
    out += modifiers[i];
  }
  return out;
}

modifier_set split_modifiers(std::string_view text) {
  modifier_set out;
  while (!text.empty()) {
    auto const end = text.find(':');
    out.add(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  if (text.empty()) return parts;
  while (true) {
    auto const end = text.find(separator);
    parts.push_back(text.substr(0, end));
    if (end == std::string_view::npos) return parts;
    text.remove_prefix(end + 1);
  }
}

std::string join_remarks(std::vector<std::string> const& remarks) {
  std::string out;
  for (auto const& r : remarks) {
    if (!out.empty()) out += ',';
    out += r;
  }
  return out;
}

std::vector<std::string> split_remarks(std::string_view text) {
  std::vector<std::string> out;
  for (auto part : split(text, ',')) out.emplace_back(part);
  return out;
}

std::string join_adjustments(std::vector<remit_adjustment> const& adjustments) {
  std::string out;
  for (auto const& a : adjustments) {
    if (!out.empty()) out += ';';
    fmt::format_to(std::back_inserter(out), "{},{},{},{}", a.group, a.reason, a.amount,
                   a.quantity_milli);
  }
  return out;
}

std::vector<remit_adjustment> split_adjustments(std::string_view text) {
  std::vector<remit_adjustment> out;
  for (auto record : split(text, ';')) {
    auto const fields = split(record, ',');
    if (fields.size() != 4) throw store_error("store: malformed adjustment list");
    out.push_back({std::string(fields[0]), std::string(fields[1]),
                   std::stoll(std::string(fields[2])), std::stoll(std::string(fields[3]))});
  }
  return out;
}

std::int64_t date_value(date8 d) { return d.value; }
date8 to_date(std::int64_t value) { return date8{static_cast<std::uint32_t>(value)}; }

std::string_view status_column(claim_status status) {
  switch (status) {
    case claim_status::open:
      return "open";
    case claim_status::superseded:
      return "superseded";
    case claim_status::voided:
      return "voided";
    case claim_status::void_notice:
      return "void";
  }
  return "open";
}

claim_status status_from(std::string_view text) {
  if (text == "superseded") return claim_status::superseded;
  if (text == "voided") return claim_status::voided;
  if (text == "void") return claim_status::void_notice;
  return claim_status::open;
}

bool is_replacement(claim const& c) { return c.frequency == '7'; }

// The claim columns read back, in this order, by read_claim.
constexpr char const* claim_columns =
    "claims.id, claims.set_id, claim_id, member_id, filing_indicator, type_of_bill, "
    "facility_code, frequency, original_payer_claim_id, total_charge, statement_from, format, "
    "claims.offset, claims.status, transaction_sets.received";

constexpr char const* remit_columns =
    "id, set_id, claim_id, status, charge, paid, patient_responsibility, filing_indicator, "
    "payer_claim_id, adjustments, remarks, offset";

}  // namespace

std::string content_hasher::hex() const { return fmt::format("{:016x}", hash_); }

std::string_view name_of(claim_status status) { return status_column(status); }

std::span<char const* const> store_migrations() { return migrations; }

claim_store::claim_store(std::string const& path, mode how) {
  if (how == mode::writer) {
    std::string const lock_path = path + ".lock";
    lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) {
      throw store_error(
          fmt::format("store: cannot open lock file {}: {}", lock_path, std::strerror(errno)));
    }
    // flock is released by the kernel when the process dies, so a killed scan never
    // leaves the store locked.
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(lock_fd_);
      lock_fd_ = -1;
      throw store_error(fmt::format(
          "store: {} is open for writing by another x12kx process; one writer at a time", path));
    }
  }
  try {
    if (how == mode::reader) {
      open_reader(path);
      return;
    }
    db_ = sqlite::database(path, /*create=*/true);
    sqlite3_busy_timeout(db_.handle(), 5000);
    db_.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    migrate();
  } catch (...) {
    if (lock_fd_ >= 0) ::close(lock_fd_);
    throw;
  }
}

claim_store::~claim_store() {
  statements_.clear();
  db_ = sqlite::database();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

sqlite::statement& claim_store::cached(char const* sql) {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<sqlite::statement>(db_.handle(), sql);
  slot->reset();
  return *slot;
}

void claim_store::refuse_newer(std::int64_t found) {
  if (found <= schema_version) return;
  throw store_error(fmt::format(
      "store: schema version {} is newer than this x12kx understands ({})", found, schema_version));
}

void claim_store::open_reader(std::string const& path) {
  db_ = sqlite::database::read_only(path, /*immutable=*/false);
  sqlite3_busy_timeout(db_.handle(), 5000);
  std::int64_t found = 0;
  try {
    found = version();
  } catch (store_error const&) {
    // A WAL store whose -shm cannot be created (a directory this user cannot write) opens
    // only as immutable, which is sound when no -wal file says a writer is at work.
    struct stat wal {};
    if (::stat((path + "-wal").c_str(), &wal) == 0) throw;
    db_ = sqlite::database::read_only(path, /*immutable=*/true);
    found = version();
  }
  refuse_newer(found);
  if (found < schema_version) {
    throw store_error(fmt::format(
        "store: {} is at schema version {} and this x12kx reads version {}; run x12kx scan "
        "--store {} once (it upgrades the store) before reading it",
        path, found, schema_version, path));
  }
}

void claim_store::migrate() {
  refuse_newer(version());
  if (version() == schema_version) return;
  sqlite::transaction tx(db_);
  // Read again under the write lock: another process may have migrated meanwhile.
  auto const found = version();
  refuse_newer(found);
  for (auto v = found; v < schema_version; ++v) {
    db_.execute(migrations[static_cast<std::size_t>(v)]);
    db_.execute(fmt::format("PRAGMA user_version = {}", v + 1));
  }
  tx.commit();
}

claim_store::recorded claim_store::record(transaction_key const& key, envelope_info const& envelope,
                                          std::span<claim const> claims,
                                          std::span<remit const> remits, date8 received) {
  auto& existing = cached(
      "SELECT id FROM transaction_sets WHERE sender = ? AND isa13 = ? AND gs06 = ? AND "
      "st02 = ? AND content_hash = ?");
  existing.bind(1, key.sender).bind(2, key.isa13).bind(3, key.gs06).bind(4, key.st02);
  existing.bind(5, key.content_hash);
  if (existing.step()) return {existing.integer(0), false};

  sqlite::transaction tx(db_);
  auto& insert = cached(
      "INSERT INTO transaction_sets (sender, isa13, gs06, st02, content_hash, kind, version, "
      "file, received) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, key.sender).bind(2, key.isa13).bind(3, key.gs06).bind(4, key.st02);
  insert.bind(5, key.content_hash).bind(6, std::string_view(claims.empty() ? "835" : "837"));
  insert.bind(7, envelope.version).bind(8, envelope.file).bind(9, date_value(received));
  insert.run();
  std::int64_t const set_id = db_.last_insert_rowid();
  for (auto const& c : claims) {
    auto const row = insert_claim(set_id, c);
    if (is_replacement(c) || c.is_void()) settle_original(row, c);
  }
  for (auto const& r : remits) insert_remit(set_id, r);
  tx.commit();
  return {set_id, true};
}

std::int64_t claim_store::insert_claim(std::int64_t set_id, claim const& c) {
  auto& row = cached(
      "INSERT INTO claims (set_id, claim_id, member_id, filing_indicator, type_of_bill, "
      "facility_code, frequency, original_payer_claim_id, total_charge, statement_from, format, "
      "offset, status, claim_prefix) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  row.bind(1, set_id).bind(2, c.claim_id).bind(3, c.member_id).bind(4, c.filing_indicator);
  row.bind(5, c.type_of_bill).bind(6, c.facility_code);
  row.bind(7, std::string_view(&c.frequency, 1)).bind(8, c.original_payer_claim_id);
  row.bind(9, c.total_charge).bind(10, date_value(c.statement_from));
  row.bind(11, static_cast<std::int64_t>(c.format));
  row.bind(12, static_cast<std::int64_t>(c.source.offset));
  row.bind(13, status_column(c.is_void() ? claim_status::void_notice : claim_status::open));
  row.bind(14, std::string_view(c.claim_id).substr(0, payer_claim_id_length));
  row.run();
  std::int64_t const id = db_.last_insert_rowid();
  auto& line_row = cached(
      "INSERT INTO claim_lines (claim, seq, line_number, procedure, modifiers, revenue_code, "
      "charge, units_milli, service_date, date_from_statement, line_ref, offset) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  std::int64_t seq = 0;
  for (auto const& line : c.lines) {
    line_row.bind(1, id).bind(2, seq++).bind(3, static_cast<std::int64_t>(line.line_number));
    line_row.bind(4, line.procedure).bind(5, join_modifiers(line.modifiers));
    line_row.bind(6, line.revenue_code).bind(7, line.charge).bind(8, line.units_milli);
    line_row.bind(9, date_value(line.service_date));
    line_row.bind(10, static_cast<std::int64_t>(line.date_from_statement));
    line_row.bind(11, line.line_ref).bind(12, static_cast<std::int64_t>(line.offset));
    line_row.run();
  }
  return id;
}

/// A replacement (frequency 7) supersedes, and a void (8) closes, every open earlier claim
/// with the same CLM01 or whose payment carried the REF*F8 payer claim number.
void claim_store::settle_original(std::int64_t claim_row, claim const& c) {
  auto& update = cached(
      "UPDATE claims SET status = ?, superseded_by = ? WHERE id <> ? AND status = 'open' AND "
      "(claim_id = ? OR (? <> '' AND claim_id IN "
      "(SELECT claim_id FROM remits WHERE payer_claim_id = ?)))");
  update.bind(1, status_column(c.is_void() ? claim_status::voided : claim_status::superseded));
  update.bind(2, claim_row).bind(3, claim_row).bind(4, c.claim_id);
  update.bind(5, c.original_payer_claim_id).bind(6, c.original_payer_claim_id);
  update.run();
}

void claim_store::insert_remit(std::int64_t set_id, remit const& r) {
  auto& row = cached(
      "INSERT INTO remits (set_id, claim_id, status, charge, paid, patient_responsibility, "
      "filing_indicator, payer_claim_id, adjustments, remarks, offset) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  row.bind(1, set_id).bind(2, r.claim_id).bind(3, r.status).bind(4, r.charge).bind(5, r.paid);
  row.bind(6, r.patient_responsibility).bind(7, r.filing_indicator).bind(8, r.payer_claim_id);
  row.bind(9, join_adjustments(r.adjustments)).bind(10, join_remarks(r.remarks));
  row.bind(11, static_cast<std::int64_t>(r.source.offset));
  row.run();
  std::int64_t const id = db_.last_insert_rowid();
  auto& line_row = cached(
      "INSERT INTO remit_lines (remit, seq, procedure, modifiers, submitted_procedure, "
      "submitted_modifiers, has_submitted, revenue_code, charge, paid, units_milli, "
      "service_date, line_ref, adjustments, remarks, allowed, offset) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  std::int64_t seq = 0;
  for (auto const& line : r.lines) {
    line_row.bind(1, id).bind(2, seq++).bind(3, line.procedure);
    line_row.bind(4, join_modifiers(line.modifiers)).bind(5, line.submitted_procedure);
    line_row.bind(6, join_modifiers(line.submitted_modifiers));
    line_row.bind(7, static_cast<std::int64_t>(line.has_submitted)).bind(8, line.revenue_code);
    line_row.bind(9, line.charge).bind(10, line.paid).bind(11, line.units_milli);
    line_row.bind(12, date_value(line.service_date)).bind(13, line.line_ref);
    line_row.bind(14, join_adjustments(line.adjustments)).bind(15, join_remarks(line.remarks));
    line_row.bind(16, line.allowed ? std::optional<std::int64_t>(*line.allowed) : std::nullopt);
    line_row.bind(17, static_cast<std::int64_t>(line.offset));
    line_row.run();
  }
}

envelope_ptr claim_store::envelope_of(std::int64_t set_id) {
  auto& known = envelopes_[set_id];
  if (known) return known;
  auto& row =
      cached("SELECT file, isa13, gs06, st02, version, sender FROM transaction_sets WHERE id = ?");
  row.bind(1, set_id);
  auto envelope = std::make_shared<envelope_info>();
  if (row.step()) {
    envelope->file = row.text(0);
    envelope->isa13 = row.text(1);
    envelope->gs06 = row.text(2);
    envelope->st02 = row.text(3);
    envelope->version = row.text(4);
    envelope->sender = row.text(5);
  }
  known = std::move(envelope);
  return known;
}

claim claim_store::read_claim(sqlite::statement& row) {
  claim c;
  c.claim_id = row.text(2);
  c.member_id = row.text(3);
  c.filing_indicator = row.text(4);
  c.type_of_bill = row.text(5);
  c.facility_code = row.text(6);
  auto const frequency = row.text(7);
  c.frequency = frequency.empty() ? '1' : frequency.front();
  c.original_payer_claim_id = row.text(8);
  c.total_charge = row.integer(9);
  c.statement_from = to_date(row.integer(10));
  c.format = static_cast<claim_format>(row.integer(11));
  c.source = {envelope_of(row.integer(1)), static_cast<std::uint64_t>(row.integer(12))};
  read_claim_lines(row.integer(0), c);
  return c;
}

void claim_store::read_claim_lines(std::int64_t claim_row, claim& c) {
  auto& rows = cached(
      "SELECT line_number, procedure, modifiers, revenue_code, charge, units_milli, "
      "service_date, date_from_statement, line_ref, offset FROM claim_lines WHERE claim = ? "
      "ORDER BY seq");
  rows.bind(1, claim_row);
  while (rows.step()) {
    claim_line line;
    line.line_number = static_cast<std::uint32_t>(rows.integer(0));
    line.procedure = rows.text(1);
    line.modifiers = split_modifiers(rows.text(2));
    line.revenue_code = rows.text(3);
    line.charge = rows.integer(4);
    line.units_milli = rows.integer(5);
    line.service_date = to_date(rows.integer(6));
    line.date_from_statement = rows.integer(7) != 0;
    line.line_ref = rows.text(8);
    line.offset = static_cast<std::uint64_t>(rows.integer(9));
    c.lines.push_back(std::move(line));
  }
}

std::vector<claim> claim_store::claims_for(std::vector<std::string> const& claim_ids) {
  auto by_id = db_.prepare("SELECT id FROM claims WHERE claim_id = ?");
  auto by_prefix = db_.prepare("SELECT id FROM claims WHERE claim_prefix = ?");
  std::set<std::int64_t> rows;
  for (auto const& id : claim_ids) {
    auto& query = id.size() == payer_claim_id_length ? by_prefix : by_id;
    query.bind(1, id);
    while (query.step()) rows.insert(query.integer(0));
    query.reset();
  }
  auto read = db_.prepare(fmt::format(
      "SELECT {} FROM claims JOIN transaction_sets ON transaction_sets.id = claims.set_id "
      "WHERE claims.id = ?",
      claim_columns));
  std::vector<claim> out;
  out.reserve(rows.size());
  for (auto row : rows) {
    read.bind(1, row);
    if (read.step()) out.push_back(read_claim(read));
    read.reset();
  }
  return out;
}

std::vector<stored_claim> claim_store::all_claims() {
  auto rows = db_.prepare(fmt::format(
      "SELECT {} FROM claims JOIN transaction_sets ON transaction_sets.id = claims.set_id "
      "ORDER BY claims.id",
      claim_columns));
  std::vector<stored_claim> out;
  while (rows.step()) {
    stored_claim s;
    s.id = rows.integer(0);
    s.status = status_from(rows.text(13));
    s.received = to_date(rows.integer(14));
    s.billed = read_claim(rows);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<remit> claim_store::read_remits(sqlite::statement& rows) {
  auto& lines = cached(
      "SELECT procedure, modifiers, submitted_procedure, submitted_modifiers, has_submitted, "
      "revenue_code, charge, paid, units_milli, service_date, line_ref, adjustments, remarks, "
      "allowed, offset FROM remit_lines WHERE remit = ? ORDER BY seq");
  std::vector<remit> out;
  while (rows.step()) {
    remit r;
    r.claim_id = rows.text(2);
    r.status = rows.text(3);
    r.charge = rows.integer(4);
    r.paid = rows.integer(5);
    r.patient_responsibility = rows.integer(6);
    r.filing_indicator = rows.text(7);
    r.payer_claim_id = rows.text(8);
    r.adjustments = split_adjustments(rows.text(9));
    r.remarks = split_remarks(rows.text(10));
    r.source = {envelope_of(rows.integer(1)), static_cast<std::uint64_t>(rows.integer(11))};
    lines.bind(1, rows.integer(0));
    while (lines.step()) {
      remit_line line;
      line.procedure = lines.text(0);
      line.modifiers = split_modifiers(lines.text(1));
      line.submitted_procedure = lines.text(2);
      line.submitted_modifiers = split_modifiers(lines.text(3));
      line.has_submitted = lines.integer(4) != 0;
      line.revenue_code = lines.text(5);
      line.charge = lines.integer(6);
      line.paid = lines.integer(7);
      line.units_milli = lines.integer(8);
      line.service_date = to_date(lines.integer(9));
      line.line_ref = lines.text(10);
      line.adjustments = split_adjustments(lines.text(11));
      line.remarks = split_remarks(lines.text(12));
      if (!lines.is_null(13)) line.allowed = lines.integer(13);
      line.offset = static_cast<std::uint64_t>(lines.integer(14));
      r.lines.push_back(std::move(line));
    }
    lines.reset();
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<remit> claim_store::remits_for(std::vector<std::string> const& claim_ids,
                                           std::unordered_set<std::int64_t> const& leave_out) {
  auto by_id = db_.prepare("SELECT id, set_id FROM remits WHERE claim_id = ?");
  std::set<std::int64_t> rows;
  for (auto const& id : claim_ids) {
    by_id.bind(1, id);
    while (by_id.step()) {
      if (!leave_out.count(by_id.integer(1))) rows.insert(by_id.integer(0));
    }
    by_id.reset();
  }
  std::vector<remit> out;
  auto read = db_.prepare(fmt::format("SELECT {} FROM remits WHERE id = ?", remit_columns));
  for (auto row : rows) {
    read.bind(1, row);
    auto one = read_remits(read);
    std::move(one.begin(), one.end(), std::back_inserter(out));
    read.reset();
  }
  return out;
}

std::vector<remit> claim_store::all_remits() {
  auto rows = db_.prepare(fmt::format("SELECT {} FROM remits ORDER BY id", remit_columns));
  return read_remits(rows);
}

}  // namespace x12kx
