// Case-insensitive name keys: Unicode full case folding (ICU) with whitespace collapsed.
#pragma once

#include <string>
#include <string_view>

namespace kg::graph {

// "  Donald   TRUMP " -> "donald trump". Invalid UTF-8 sequences are replaced, never fatal.
std::string FoldName(std::string_view name);

}  // namespace kg::graph
