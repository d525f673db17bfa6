// Text preparation for the NLP core: UTF-8 repair, sentence splitting (ICU break iterator plus an
// abbreviation list) and UD-style tokenization with byte offsets into the original text.
// All functions are pure and thread-safe; each runs in time linear in the input length.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg::ingest::nlp {

// A UTF-8 string whose invalid bytes were replaced by U+FFFD, and control characters other than
// tab/newline by spaces, plus a map back to byte offsets in the original text.
struct CleanText {
  std::string text;
  // offset_map[i] = original byte offset of clean byte i; empty when text is byte-identical.
  std::vector<uint32_t> offset_map;
  std::vector<uint32_t> invalid_offsets;  // original offsets of invalid bytes (first 100 kept)
  size_t invalid_count = 0;
  size_t control_count = 0;
  uint32_t Original(size_t clean_offset) const {
    return offset_map.empty() ? static_cast<uint32_t>(clean_offset) : offset_map[clean_offset];
  }
};

CleanText CleanUtf8(std::string_view text);

struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// Sentence spans over (already clean) UTF-8 text; whitespace-only sentences are dropped.
std::vector<Span> SplitSentences(std::string_view text);

// Token spans over text[span.begin, span.end), offsets relative to the whole text.
std::vector<Span> Tokenize(std::string_view text, Span span);

// True for abbreviations after which a period does not end a sentence ("Mr", "U.S", "Jan").
bool IsAbbreviation(std::string_view word_without_final_period);

}  // namespace kg::ingest::nlp
