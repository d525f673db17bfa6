// Test helper: compact dependency trees for extraction tests.
//
//   "1 Smith Smith PROPN 2 nsubj B-PER"   id form lemma upos head deprel [NER] [NoSpace] [xpos=TAG]
//
// one word per line, blank line between sentences; turned into CoNLL-U and parsed with
// ParseConllu so the tests exercise the same reader as `kg extract --conllu`.
#pragma once

#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "ingest/extract/conllu.h"

namespace kg::ingest::testing {

inline std::string CompactToConllu(const std::string& compact) {
  std::istringstream in(compact);
  std::string line, out;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string id, form, lemma, upos, head, rel, extra;
    if (!(ls >> id >> form >> lemma >> upos >> head >> rel)) {
      out += "\n";
      continue;
    }
    std::string misc, given_xpos;
    while (ls >> extra) {
      if (extra.rfind("xpos=", 0) == 0) {
        given_xpos = extra.substr(5);
        continue;
      }
      std::string item = extra == "NoSpace" ? "SpaceAfter=No" : "NER=" + extra;
      misc += (misc.empty() ? "" : "|") + item;
    }
    if (misc.empty()) misc = "_";
    std::string xpos = "_";
    if (upos == "VERB" && form.size() > 3 && form.substr(form.size() - 3) == "ing") xpos = "VBG";
    if (upos == "VERB" && lemma != form && form.size() > 2 && form.substr(form.size() - 2) == "ed") {
      xpos = "VBN";
    }
    if (!given_xpos.empty()) xpos = given_xpos;
    out += id + "\t" + form + "\t" + lemma + "\t" + upos + "\t" + xpos + "\t_\t" + head + "\t" +
           rel + "\t_\t" + misc + "\n";
  }
  return out + "\n";
}

inline ConlluDocument ParseCompact(const std::string& compact) {
  Result<ConlluDocument> doc = ParseConllu(CompactToConllu(compact), "test");
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? std::move(doc).value() : ConlluDocument{};
}

}  // namespace kg::ingest::testing
