// A thin RAII layer over the SQLite C API: a connection, prepared statements with typed
// binds and columns, and a transaction guard that rolls back unless committed. Failures
// throw store_error carrying SQLite's message (never bound values, which may be PHI).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace x12kx::sqlite {

/// A store that cannot be used: what was being done and SQLite's reason.
struct store_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class statement;

/// One open connection; closed on destruction.
class database {
 public:
  database() = default;
  /// Opens (and with `create`, creates) the file; throws store_error.
  database(std::string const& path, bool create);
  /// Opens the file read-only (SQLITE_OPEN_READONLY): nothing is ever written to it. With
  /// `immutable`, SQLite is told no process writes the file meanwhile, so a WAL store in a
  /// directory this user cannot write (no -shm to create) can still be read.
  static database read_only(std::string const& path, bool immutable);
  database(database&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  database& operator=(database&& other) noexcept;
  database(database const&) = delete;
  database& operator=(database const&) = delete;
  ~database();

  /// Runs one or more statements without results.
  void execute(std::string_view sql);
  /// A statement prepared once and reused.
  statement prepare(std::string_view sql);
  /// The first column of the first row as an integer (PRAGMA user_version and the like).
  std::int64_t scalar(std::string_view sql);
  [[nodiscard]] std::int64_t last_insert_rowid() const;
  [[nodiscard]] sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

/// A prepared statement. Binds are 1-based, columns 0-based, as in the C API.
class statement {
 public:
  statement(sqlite3* db, std::string_view sql);
  statement(statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
  }
  statement(statement const&) = delete;
  statement& operator=(statement const&) = delete;
  statement& operator=(statement&&) = delete;
  ~statement();

  statement& bind(int index, std::int64_t value);
  statement& bind(int index, std::string_view text);
  statement& bind_null(int index);
  statement& bind(int index, std::optional<std::int64_t> value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  /// Steps once: true while a row is available, false when done.
  bool step();
  /// Steps a statement that returns no rows, then resets it for the next use.
  void run();
  /// Clears binds and rewinds, so the statement can run again.
  void reset();

  [[nodiscard]] std::int64_t integer(int column) const;
  [[nodiscard]] std::string text(int column) const;
  [[nodiscard]] bool is_null(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN IMMEDIATE on construction, ROLLBACK on destruction unless commit() ran.
class transaction {
 public:
  explicit transaction(database& db);
  transaction(transaction const&) = delete;
  transaction& operator=(transaction const&) = delete;
  ~transaction();
  void commit();

 private:
  database& db_;
  bool open_ = true;
};

}  // namespace x12kx::sqlite
