#include "common/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace kg {
namespace {
std::shared_ptr<spdlog::logger> MakeLogger() {
  auto logger = spdlog::stderr_color_mt("kg");
  logger->set_pattern("kg: %l: %v");
  logger->set_level(spdlog::level::warn);
  return logger;
}
std::shared_ptr<spdlog::logger>& Instance() {
  static std::shared_ptr<spdlog::logger> logger = MakeLogger();
  return logger;
}
}  // namespace

void InitLogging(LogLevel level) {
  auto& logger = Instance();
  switch (level) {
    case LogLevel::kQuiet: logger->set_level(spdlog::level::err); break;
    case LogLevel::kNormal: logger->set_level(spdlog::level::warn); break;
    case LogLevel::kVerbose: logger->set_level(spdlog::level::debug); break;
  }
}

spdlog::logger& Logger() { return *Instance(); }

}  // namespace kg
