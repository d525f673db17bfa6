// Status and Result<T>: how every kg front door reports success or failure.
// A Status is cheap to copy when OK; a Result<T> holds either a value or a non-OK Status.
// Neither throws. Thread-compatible (no shared state).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/assert.h"

namespace kg {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,
    kInvalidArgument,
    kIOError,
    kCorruption,
    kBusy,  // e.g. the database is locked by another process
    kSyntaxError,
    kSemanticError,
    kRuntimeError,
    kCancelled,
    kUnsupported,
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  static Status SyntaxError(std::string msg) { return Status(Code::kSyntaxError, std::move(msg)); }
  static Status SemanticError(std::string msg) {
    return Status(Code::kSemanticError, std::move(msg));
  }
  static Status RuntimeError(std::string msg) {
    return Status(Code::kRuntimeError, std::move(msg));
  }
  static Status Cancelled(std::string msg) { return Status(Code::kCancelled, std::move(msg)); }
  static Status Unsupported(std::string msg) { return Status(Code::kUnsupported, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsBusy() const { return code_ == Code::kBusy; }
  const std::string& message() const { return message_; }
  // "NotFound: <message>", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "<prefix>: <message>".
  Status WithContext(std::string_view prefix) const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

std::string_view CodeName(Status::Code code);

// Holds a T or a non-OK Status.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    KG_ASSERT(!status_.ok());
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok()
  T& value() & {
    KG_ASSERT(ok());
    return *value_;
  }
  const T& value() const& {
    KG_ASSERT(ok());
    return *value_;
  }
  T&& value() && {
    KG_ASSERT(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace kg

#define KG_RETURN_IF_ERROR(expr)        \
  do {                                  \
    ::kg::Status _kg_status = (expr);   \
    if (!_kg_status.ok()) {             \
      return _kg_status;                \
    }                                   \
  } while (0)
