#include "store/sqlite.hpp"

#include <fmt/format.h>

namespace x12kx::sqlite {
namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view doing) {
  throw store_error(fmt::format("store: {}: {}", doing, db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

database::database(std::string const& path, bool create) {
  int const flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string const reason = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw store_error(fmt::format("store: cannot open {}: {}", path, reason));
  }
  sqlite3_extended_result_codes(db_, 1);
}

database database::read_only(std::string const& path, bool immutable) {
  database opened;
  int const flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  // A URI names the file exactly whatever it contains ('?' and '#' escaped).
  std::string uri = "file:";
  for (char const c : path) {
    if (c == '?' || c == '#' || c == '%') {
      uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      uri += c;
    }
  }
  if (immutable) uri += "?immutable=1";
  if (sqlite3_open_v2(uri.c_str(), &opened.db_, flags, nullptr) != SQLITE_OK) {
    std::string const reason = opened.db_ ? sqlite3_errmsg(opened.db_) : "out of memory";
    throw store_error(fmt::format("store: cannot open {}: {}", path, reason));
  }
  sqlite3_extended_result_codes(opened.db_, 1);
  return opened;
}

database& database::operator=(database&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = other.db_;
    other.db_ = nullptr;
  }
  return *this;
}

database::~database() { sqlite3_close(db_); }

void database::execute(std::string_view sql) {
  std::string const text(sql);
  char* message = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string const reason = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    throw store_error(fmt::format("store: {}", reason));
  }
}

statement database::prepare(std::string_view sql) { return statement(db_, sql); }

std::int64_t database::scalar(std::string_view sql) {
  auto query = prepare(sql);
  if (!query.step()) return 0;
  return query.integer(0);
}

std::int64_t database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

statement::statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK) {
    fail(db, "prepare");
  }
}

statement::~statement() { sqlite3_finalize(stmt_); }

statement& statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

statement& statement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8) !=
      SQLITE_OK) {
    fail(db_, "bind");
  }
  return *this;
}

statement& statement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

bool statement::step() {
  int const rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "step");
}

void statement::run() {
  while (step()) {
  }
  reset();
}

void statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string statement::text(int column) const {
  auto const* bytes = sqlite3_column_text(stmt_, column);
  if (bytes == nullptr) return {};
  return std::string(reinterpret_cast<char const*>(bytes),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

transaction::transaction(database& db) : db_(db) { db_.execute("BEGIN IMMEDIATE"); }

transaction::~transaction() {
  if (!open_) return;
  try {
    db_.execute("ROLLBACK");
  } catch (store_error const&) {
    // The connection is already unusable; its owner reports the first failure.
  }
}

void transaction::commit() {
  db_.execute("COMMIT");
  open_ = false;
}

}  // namespace x12kx::sqlite
