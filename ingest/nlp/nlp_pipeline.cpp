#include "ingest/nlp/nlp_pipeline.h"

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "common/logging.h"
#include "ingest/nlp/entity_recognizer.h"
#include "ingest/nlp/features.h"
#include "ingest/nlp/lemmatizer.h"
#include "ingest/nlp/model_io.h"
#include "ingest/nlp/parser.h"
#include "ingest/nlp/tagger.h"
#include "ingest/nlp/text.h"

#ifndef KG_SOURCE_DIR
#define KG_SOURCE_DIR "."
#endif

namespace kg::ingest::nlp {

struct NlpPipeline::Impl {
  Tagger tagger;
  Lemmatizer lemmatizer;
  DependencyParser parser;
  EntityRecognizer entities;
};

NlpPipeline::NlpPipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
NlpPipeline::~NlpPipeline() = default;

std::string NlpPipeline::DefaultModelDir() {
  const char* env = std::getenv("KG_MODELS");
  if (env != nullptr && *env != '\0') return env;
  return std::string(KG_SOURCE_DIR) + "/datasets/models";
}

namespace {
template <typename T>
Status LoadComponent(const std::string& dir, const char* file, const char* section, T* out) {
  std::string path = (std::filesystem::path(dir) / file).string();
  auto mf = LoadModelFile(path);
  if (!mf.ok()) return mf.status();
  auto it = mf->sections.find(section);
  if (it == mf->sections.end()) return CorruptSection(path, section);
  ByteReader r(it->second);
  if (!out->Read(&r) || !r.done()) return CorruptSection(path, section);
  return Status::OK();
}
}  // namespace

Result<std::unique_ptr<NlpPipeline>> NlpPipeline::Load(const std::string& dir) {
  auto impl = std::make_unique<Impl>();
  KG_RETURN_IF_ERROR(LoadComponent(dir, kTaggerFile, "tagger", &impl->tagger));
  KG_RETURN_IF_ERROR(LoadComponent(dir, kLemmatizerFile, "lemmatizer", &impl->lemmatizer));
  KG_RETURN_IF_ERROR(LoadComponent(dir, kParserFile, "parser", &impl->parser));
  KG_RETURN_IF_ERROR(LoadComponent(dir, kEntitiesFile, "entities", &impl->entities));
  return std::unique_ptr<NlpPipeline>(new NlpPipeline(std::move(impl)));
}

size_t NlpPipeline::MemoryBytes() const {
  return impl_->tagger.MemoryBytes() + impl_->lemmatizer.MemoryBytes() +
         impl_->parser.MemoryBytes() + impl_->entities.MemoryBytes();
}

namespace {
std::vector<WordInfo> Words(const Sentence& s) {
  std::vector<WordInfo> words;
  words.reserve(s.tokens.size());
  for (const auto& t : s.tokens) words.push_back(MakeWordInfo(t.text));
  return words;
}
}  // namespace

void NlpPipeline::Tag(Sentence* s) const {
  auto words = Words(*s);
  impl_->tagger.Tag(s->tokens, words);
  for (auto& t : s->tokens) t.lemma = impl_->lemmatizer.Lemma(t.text, t.xpos);
}

void NlpPipeline::Parse(Sentence* s) const {
  auto words = Words(*s);
  impl_->parser.Parse(s->tokens, words);
}

void NlpPipeline::FindEntities(Sentence* s) const {
  auto words = Words(*s);
  s->entities = impl_->entities.Recognize(s->tokens, words);
}

void NlpPipeline::AnnotateTokens(Sentence* s) const {
  auto words = Words(*s);
  impl_->tagger.Tag(s->tokens, words);
  for (auto& t : s->tokens) t.lemma = impl_->lemmatizer.Lemma(t.text, t.xpos);
  impl_->parser.Parse(s->tokens, words);
  s->entities = impl_->entities.Recognize(s->tokens, words);
}

Result<std::vector<Sentence>> NlpPipeline::Annotate(std::string_view text,
                                                    AnnotateStats* stats) const {
  if (text.size() >= 0xFFFFFFF0ULL) {
    return Status::InvalidArgument("text of " + std::to_string(text.size()) +
                                   " bytes is too large to annotate (limit 4 GiB)");
  }
  std::vector<Sentence> out;
  CleanText clean = CleanUtf8(text);
  if (clean.invalid_count > 0) {
    std::string offsets;
    for (size_t i = 0; i < clean.invalid_offsets.size() && i < 5; ++i) {
      offsets += (i ? ", " : "") + std::to_string(clean.invalid_offsets[i]);
    }
    Logger().warn("nlp: replaced {} invalid UTF-8 byte(s) with U+FFFD (first at byte offset {})",
                  clean.invalid_count, offsets);
  }
  if (clean.control_count > 0) {
    Logger().warn("nlp: replaced {} control character(s) with spaces", clean.control_count);
  }
  AnnotateStats local;
  local.invalid_utf8_bytes = clean.invalid_count;
  local.control_chars = clean.control_count;
  const std::string& ct = clean.text;
  for (const Span& sspan : SplitSentences(ct)) {
    std::vector<Span> toks = Tokenize(ct, sspan);
    if (toks.empty()) continue;
    if (toks.size() > kMaxSentenceTokens) {
      ++local.chunked_sentences;
      Logger().warn("nlp: a sentence of {} tokens at byte offset {} was cut into chunks of {}",
                    toks.size(), clean.Original(sspan.begin), kMaxSentenceTokens);
    }
    for (size_t start = 0; start < toks.size(); start += kMaxSentenceTokens) {
      size_t end = std::min(toks.size(), start + kMaxSentenceTokens);
      Sentence s;
      s.tokens.reserve(end - start);
      for (size_t i = start; i < end; ++i) {
        Token t;
        t.text = ct.substr(toks[i].begin, toks[i].end - toks[i].begin);
        t.begin = clean.Original(toks[i].begin);
        t.end = clean.Original(toks[i].end);
        if (i + 1 < toks.size()) {
          t.space_after = toks[i + 1].begin != toks[i].end;
        } else {
          t.space_after = toks[i].end < ct.size();
        }
        s.tokens.push_back(std::move(t));
      }
      s.begin = s.tokens.front().begin;
      s.end = s.tokens.back().end;
      out.push_back(std::move(s));
    }
  }
  // Stage by stage over the whole document rather than sentence by sentence: each model's
  // frequently used weights stay in the cache across sentences (about 20% faster).
  std::vector<std::vector<WordInfo>> words(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    words[i] = Words(out[i]);
    impl_->tagger.Tag(out[i].tokens, words[i]);
    for (auto& t : out[i].tokens) t.lemma = impl_->lemmatizer.Lemma(t.text, t.xpos);
  }
  for (size_t i = 0; i < out.size(); ++i) impl_->parser.Parse(out[i].tokens, words[i]);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].entities = impl_->entities.Recognize(out[i].tokens, words[i]);
  }
  PropagateEntities(&out);
  if (stats) *stats = local;
  return out;
}

void PropagateEntities(std::vector<Sentence>* sentences) {
  auto capitalized = [](const std::string& t) { return !t.empty() && t[0] >= 'A' && t[0] <= 'Z'; };
  std::unordered_map<std::string, EntityType> names;
  for (const auto& s : *sentences) {
    for (const auto& e : s.entities) {
      std::string key;
      for (int i = e.first; i <= e.last; ++i) key += (i > e.first ? " " : "") + s.tokens[i].text;
      names.emplace(key, e.type);
    }
  }
  // A person's surname alone refers to that person ("Patricia Hewitt" ... "Ms Hewitt").
  for (const auto& s : *sentences) {
    for (const auto& e : s.entities) {
      if (e.type == EntityType::kPerson && e.last > e.first &&
          capitalized(s.tokens[e.last].text)) {
        names.emplace(s.tokens[e.last].text, EntityType::kPerson);
      }
    }
  }
  if (names.empty()) return;
  constexpr int kMaxLen = 4;
  for (auto& s : *sentences) {
    const int n = static_cast<int>(s.tokens.size());
    std::vector<char> covered(n, 0);
    for (const auto& e : s.entities) {
      for (int i = e.first; i <= e.last; ++i) covered[i] = 1;
    }
    bool added = false;
    for (int i = 0; i < n; ++i) {
      if (covered[i] || !capitalized(s.tokens[i].text)) continue;
      std::string key;
      int best = 0;
      EntityType type = EntityType::kMisc;
      for (int len = 1; len <= kMaxLen && i + len <= n && !covered[i + len - 1]; ++len) {
        key += (len > 1 ? " " : "") + s.tokens[i + len - 1].text;
        auto it = names.find(key);
        if (it != names.end()) {
          best = len;
          type = it->second;
        }
      }
      // A longer name continues past the match ("Hewitt Associates"): leave it to the model.
      if (best == 0 || (i + best < n && capitalized(s.tokens[i + best].text) &&
                        !covered[i + best])) {
        continue;
      }
      EntitySpan e;
      e.first = i;
      e.last = i + best - 1;
      e.type = type;
      s.entities.push_back(e);
      for (int k = i; k < i + best; ++k) covered[k] = 1;
      added = true;
      i += best - 1;
    }
    if (added) {
      std::sort(s.entities.begin(), s.entities.end(),
                [](const EntitySpan& a, const EntitySpan& b) { return a.first < b.first; });
    }
  }
}

}  // namespace kg::ingest::nlp
