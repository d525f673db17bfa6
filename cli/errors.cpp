#include <iostream>

#include "cli/commands.h"

namespace kg::cli {

int ReportError(const Status& status) {
  std::cerr << "kg: error: " << status.message() << "\n";
  return 1;
}

}  // namespace kg::cli
