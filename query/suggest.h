// "Did you mean ...?" support shared by the parser and the binder.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg::query {

// Case-insensitive Levenshtein distance.
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` (case-insensitively), if it is close enough to be a plausible
// typo (distance <= 2, and less than half the word); empty otherwise. An exact match is not a typo.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// " Did you mean `x`?" or "".
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace kg::query
