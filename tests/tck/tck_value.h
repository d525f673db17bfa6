// Canonical text of a TCK-notation value ('s', 1.5, [1, 2], {k: v}, (:L {k: v}), [:T], <path>),
// used to compare expected and actual cells independently of map key order, label order and
// float spelling.
#pragma once

#include <string>

namespace kg::tck {

// Returns the canonical form; with sort_lists, list elements are sorted too (the TCK's
// "ignoring element order for lists"). Unparsable text is returned trimmed.
std::string Canonical(const std::string& text, bool sort_lists = false);

}  // namespace kg::tck
