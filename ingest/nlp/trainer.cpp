#include "ingest/nlp/trainer.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <sstream>
#include <thread>

#include "ingest/nlp/conllu.h"
#include "ingest/nlp/entity_recognizer.h"
#include "ingest/nlp/features.h"
#include "ingest/nlp/lemmatizer.h"
#include "ingest/nlp/model_io.h"
#include "ingest/nlp/parser.h"
#include "ingest/nlp/tagger.h"

namespace kg::ingest::nlp {
namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Runs tasks on up to `threads` threads; each task writes only its own outputs, so results do
// not depend on scheduling.
void RunAll(std::vector<std::function<void()>> tasks, int threads) {
  threads = std::max(1, threads);
  for (size_t i = 0; i < tasks.size(); i += threads) {
    std::vector<std::thread> pool;
    for (size_t j = i; j < tasks.size() && j < i + threads; ++j) pool.emplace_back(tasks[j]);
    for (auto& t : pool) t.join();
  }
}

template <typename T>
Status Save(const std::string& dir, const char* file, const char* section, const T& model,
            const std::string& meta) {
  ModelFile mf;
  ByteWriter w;
  model.Write(&w);
  mf.sections[section] = std::move(w.buffer());
  mf.sections["meta"] = meta;
  return SaveModelFile((std::filesystem::path(dir) / file).string(), mf);
}

std::string Universal(const std::string& rel) {
  size_t c = rel.find(':');
  return c == std::string::npos ? rel : rel.substr(0, c);
}

}  // namespace

Status TrainModels(const TrainOptions& o, std::vector<std::string>* log) {
  auto say = [&](const std::string& s) {
    if (log) log->push_back(s);
  };
  const auto start = Clock::now();
  std::string train_path = (std::filesystem::path(o.treebank_dir) / "en_ewt-ud-train.conllu").string();
  auto train_r = ReadConllu(train_path);
  if (!train_r.ok()) return train_r.status();
  std::vector<Sentence> train = std::move(train_r).value();
  if (o.max_sentences > 0 && train.size() > o.max_sentences) train.resize(o.max_sentences);
  if (train.empty()) return Status::InvalidArgument("no sentences in " + train_path);
  std::string ner_path = o.ner_file;
  if (ner_path.empty()) {
    ner_path = (std::filesystem::path(o.treebank_dir).parent_path() / "uner-english-ewt" /
                "en_ewt-ud-dev.iob2")
                   .string();
  }
  auto ner_r = ReadIob2(ner_path);
  if (!ner_r.ok()) return ner_r.status();
  std::vector<Sentence> ner_train = std::move(ner_r).value();
  if (o.max_sentences > 0 && ner_train.size() > o.max_sentences) {
    ner_train.resize(o.max_sentences);
  }
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec) return Status::IOError("cannot create " + o.out_dir + ": " + ec.message());
  say("read " + std::to_string(train.size()) + " treebank sentences and " +
      std::to_string(ner_train.size()) + " entity sentences");

  // 1. Jackknifed tags for the parser's training data, so it learns from realistic tags.
  Tagger::Options topt;
  topt.epochs = o.tagger_epochs;
  topt.seed = o.seed;
  std::vector<Sentence> parser_train = train;
  const int folds = o.jackknife_folds;
  if (folds >= 2) {
    auto t0 = Clock::now();
    std::vector<std::function<void()>> tasks;
    for (int f = 0; f < folds; ++f) {
      tasks.push_back([&, f]() {
        std::vector<Sentence> rest;
        for (size_t i = 0; i < train.size(); ++i) {
          if (static_cast<int>(i % folds) != f) rest.push_back(train[i]);
        }
        Tagger t = Tagger::Train(rest, topt);
        for (size_t i = f; i < train.size(); i += folds) {
          std::vector<WordInfo> words;
          for (const auto& tok : parser_train[i].tokens) words.push_back(MakeWordInfo(tok.text));
          t.Tag(parser_train[i].tokens, words);
        }
      });
    }
    RunAll(std::move(tasks), o.threads);
    say("jackknifed tags (" + std::to_string(folds) + " folds) in " +
        std::to_string(Since(t0)).substr(0, 5) + " s");
  }

  // 2. Parser (longest) in parallel with tagger -> lemmatizer; then the entity recognizer, whose
  // tree features need the parser's trees of its training sentences.
  DependencyParser parser;
  Tagger tagger;
  Lemmatizer lemmatizer;
  EntityRecognizer entities;
  std::string lem_warning;
  double parser_s = 0, tagger_s = 0, ner_s = 0;
  std::vector<std::function<void()>> tasks;
  tasks.push_back([&]() {
    auto t0 = Clock::now();
    DependencyParser::Options popt;
    popt.epochs = o.parser_epochs;
    popt.label_epochs = o.label_epochs;
    popt.seed = o.seed;
    popt.threads = o.threads;
    popt.ensemble = o.parser_ensemble;
    popt.joint_labels = o.joint_labels;
    parser = DependencyParser::Train(parser_train, popt);
    parser_s = Since(t0);
  });
  tasks.push_back([&]() {
    auto t0 = Clock::now();
    tagger = Tagger::Train(train, topt);
    lemmatizer = Lemmatizer::Train(train, o.wordnet_dir, &lem_warning);
    tagger_s = Since(t0);
  });
  RunAll(std::move(tasks), o.threads);
  {
    auto t0 = Clock::now();
    for (auto& s : ner_train) {
      std::vector<WordInfo> words;
      for (const auto& tok : s.tokens) words.push_back(MakeWordInfo(tok.text));
      tagger.Tag(s.tokens, words);
      parser.Parse(s.tokens, words);
    }
    EntityRecognizer::Options nopt;
    nopt.epochs = o.ner_epochs;
    nopt.seed = o.seed;
    entities = EntityRecognizer::Train(ner_train, train, o.wordnet_dir, nopt);
    ner_s = Since(t0);
  }
  if (!lem_warning.empty()) say("warning: " + lem_warning);
  say("tagger+lemmatizer trained in " + std::to_string(tagger_s).substr(0, 5) + " s");
  say("parser trained in " + std::to_string(parser_s).substr(0, 5) + " s");
  say("entity recognizer trained in " + std::to_string(ner_s).substr(0, 5) + " s");

  std::ostringstream meta;
  meta << "kg NLP models trained on " << train.size() << " sentences of " << train_path
       << " (UD English EWT, CC BY-SA 4.0) and " << ner_train.size() << " sentences of "
       << ner_path << " (UNER English EWT, CC BY-SA 4.0)\n";
  KG_RETURN_IF_ERROR(Save(o.out_dir, kTaggerFile, "tagger", tagger, meta.str()));
  KG_RETURN_IF_ERROR(Save(o.out_dir, kLemmatizerFile, "lemmatizer", lemmatizer, meta.str()));
  KG_RETURN_IF_ERROR(Save(o.out_dir, kParserFile, "parser", parser, meta.str()));
  KG_RETURN_IF_ERROR(Save(o.out_dir, kEntitiesFile, "entities", entities, meta.str()));
  say("models written to " + o.out_dir + " in " + std::to_string(Since(start)).substr(0, 6) +
      " s total");
  return Status::OK();
}

ParseScores EvaluateParse(const NlpPipeline& pipeline, const std::vector<Sentence>& gold) {
  std::vector<Sentence> pred = gold;
  for (auto& s : pred) {
    for (auto& t : s.tokens) {
      t.upos.clear();
      t.xpos.clear();
      t.lemma.clear();
      t.head = -1;
      t.deprel.clear();
    }
    s.entities.clear();
  }
  auto t0 = Clock::now();
  for (auto& s : pred) pipeline.AnnotateTokens(&s);
  double secs = Since(t0);
  ParseScores sc;
  size_t upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0, las_full = 0, n = 0;
  for (size_t i = 0; i < gold.size(); ++i) {
    for (size_t k = 0; k < gold[i].tokens.size(); ++k) {
      const Token& g = gold[i].tokens[k];
      const Token& p = pred[i].tokens[k];
      ++n;
      upos += g.upos == p.upos;
      xpos += g.xpos == p.xpos;
      lemma += g.lemma == p.lemma;
      if (g.head == p.head) {
        ++uas;
        las += Universal(g.deprel) == Universal(p.deprel);
        las_full += g.deprel == p.deprel;
      }
    }
  }
  auto pct = [&](size_t c) { return n ? 100.0 * static_cast<double>(c) / n : 0.0; };
  sc.upos = pct(upos);
  sc.xpos = pct(xpos);
  sc.lemma = pct(lemma);
  sc.uas = pct(uas);
  sc.las = pct(las);
  sc.las_full = pct(las_full);
  sc.sentences = gold.size();
  sc.words = n;
  sc.sentences_per_second = secs > 0 ? gold.size() / secs : 0;
  return sc;
}

NerScores EvaluateEntities(const NlpPipeline& pipeline, const std::vector<Sentence>& gold) {
  NerScores sc;
  auto idx = [](EntityType t) {
    return t == EntityType::kPerson ? 0 : t == EntityType::kOrganization ? 1 : 2;
  };
  for (const auto& g : gold) {
    Sentence s = g;
    s.entities.clear();
    pipeline.Tag(&s);
    pipeline.Parse(&s);
    pipeline.FindEntities(&s);
    auto key = [](const EntitySpan& e) {
      return std::tuple<int, int, int>(e.first, e.last, static_cast<int>(e.type));
    };
    std::vector<std::tuple<int, int, int>> gk, pk;
    for (const auto& e : g.entities) {
      if (e.type != EntityType::kMisc) gk.push_back(key(e));
    }
    for (const auto& e : s.entities) pk.push_back(key(e));
    for (const auto& e : g.entities) {
      if (e.type == EntityType::kMisc) continue;
      bool found = std::find(pk.begin(), pk.end(), key(e)) != pk.end();
      (found ? sc.by_type[idx(e.type)].tp : sc.by_type[idx(e.type)].fn)++;
    }
    for (const auto& e : s.entities) {
      if (std::find(gk.begin(), gk.end(), key(e)) == gk.end()) sc.by_type[idx(e.type)].fp++;
    }
  }
  for (const auto& c : sc.by_type) {
    sc.overall.tp += c.tp;
    sc.overall.fp += c.fp;
    sc.overall.fn += c.fn;
  }
  return sc;
}

}  // namespace kg::ingest::nlp
