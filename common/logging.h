// Logging for kg. Executables call InitLogging once; libraries log through Logger().
#pragma once

#include <memory>

#include <spdlog/spdlog.h>

namespace kg {

enum class LogLevel { kQuiet, kNormal, kVerbose };

// Configures the shared logger (stderr sink). Called by cli/main.cpp only.
void InitLogging(LogLevel level);

// The shared logger; usable before InitLogging (defaults to warnings on stderr).
spdlog::logger& Logger();

}  // namespace kg
