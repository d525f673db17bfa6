// kg train, kg parse: the NLP core's commands.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "ingest/nlp/conllu.h"
#include "ingest/nlp/nlp_pipeline.h"
#include "ingest/nlp/trainer.h"

namespace kg::cli {
namespace {

namespace nlp = kg::ingest::nlp;

struct TrainArgs {
  nlp::TrainOptions options;
  int max_sentences = 0;
};

int RunTrain(const Globals& g, TrainArgs a) {
  a.options.max_sentences = static_cast<size_t>(std::max(0, a.max_sentences));
  std::vector<std::string> log;
  auto start = std::chrono::steady_clock::now();
  Status s = nlp::TrainModels(a.options, &log);
  for (const auto& line : log) {
    if (!g.quiet) std::cerr << "train: " << line << "\n";
  }
  if (!s.ok()) return ReportError(s);
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!g.quiet) {
    std::cerr << "trained in " << std::fixed << std::setprecision(1) << secs << " s\n";
  }
  return 0;
}

struct ParseArgs {
  std::string models;
  std::string eval;
  std::string eval_ner;
  std::vector<std::string> files;
};

Result<std::string> ReadInput(const std::string& f) {
  std::ostringstream ss;
  if (f == "-") {
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(f, std::ios::binary);
  if (!in) return Status::IOError("cannot open " + f);
  ss << in.rdbuf();
  return ss.str();
}

int RunParse(const Globals& g, const ParseArgs& a) {
  std::string dir = a.models.empty() ? nlp::NlpPipeline::DefaultModelDir() : a.models;
  auto pipeline = nlp::NlpPipeline::Load(dir);
  if (!pipeline.ok()) return ReportError(pipeline.status());
  const nlp::NlpPipeline& p = **pipeline;
  std::cout << std::fixed << std::setprecision(2);
  if (!a.eval.empty()) {
    auto gold = nlp::ReadConllu(a.eval);
    if (!gold.ok()) return ReportError(gold.status());
    nlp::ParseScores sc = nlp::EvaluateParse(p, *gold);
    std::cout << "UPOS " << sc.upos << "\n"
              << "XPOS " << sc.xpos << "\n"
              << "LEMMA " << sc.lemma << "\n"
              << "UAS " << sc.uas << "\n"
              << "LAS " << sc.las << "\n"
              << "sentences/s " << sc.sentences_per_second << "\n";
    if (g.verbose) {
      std::cerr << "LAS with subtypes " << sc.las_full << ", " << sc.sentences << " sentences, "
                << sc.words << " words\n";
    }
    return 0;
  }
  if (!a.eval_ner.empty()) {
    auto gold = nlp::ReadIob2(a.eval_ner);
    if (!gold.ok()) return ReportError(gold.status());
    nlp::NerScores sc = nlp::EvaluateEntities(p, *gold);
    const char* names[3] = {"PER", "ORG", "LOC"};
    auto line = [](const char* name, const nlp::NerCounts& c) {
      std::cout << std::left << std::setw(8) << name << std::right << " P " << c.Precision()
                << " R " << c.Recall() << " F1 " << c.F1() << "  (tp " << c.tp << " fp " << c.fp
                << " fn " << c.fn << ")\n";
    };
    std::cout << std::setprecision(4);
    for (int i = 0; i < 3; ++i) line(names[i], sc.by_type[i]);
    line("overall", sc.overall);
    return 0;
  }
  std::vector<std::string> files = a.files.empty() ? std::vector<std::string>{"-"} : a.files;
  int sentence_number = 0;
  for (const auto& f : files) {
    auto text = ReadInput(f);
    if (!text.ok()) return ReportError(text.status());
    auto sentences = p.Annotate(*text);
    if (!sentences.ok()) return ReportError(sentences.status().WithContext(f));
    if (files.size() > 1) std::cout << "# newdoc id = " << f << "\n";
    for (const auto& s : *sentences) nlp::WriteConllu(s, ++sentence_number, *text, std::cout);
  }
  std::cout.flush();
  return std::cout.good() ? 0 : ReportError(Status::IOError("write to standard output failed"));
}

}  // namespace

void RegisterNlpCommands(CLI::App& app, CommandContext& ctx) {
  auto train_args = std::make_shared<TrainArgs>();
  CLI::App* train = app.add_subcommand(
      "train", "Train the tagger, lemmatizer, parser and entity recognizer on UD English EWT");
  train->add_option("--treebank", train_args->options.treebank_dir,
                    "Directory holding en_ewt-ud-train.conllu")
      ->required();
  train->add_option("--out", train_args->options.out_dir, "Directory to write the models to")
      ->required();
  train->add_option("--ner", train_args->options.ner_file,
                    "IOB2 entity training file (default: ../uner-english-ewt/en_ewt-ud-dev.iob2 "
                    "beside the treebank)");
  train->add_option("--wordnet", train_args->options.wordnet_dir, "WordNet database directory");
  train->add_option("--max-sentences", train_args->max_sentences,
                    "Train on at most this many sentences (0 = all)");
  train->add_option("--threads", train_args->options.threads, "Training threads");
  train->add_option("--seed", train_args->options.seed, "Random seed");
  train->add_option("--tagger-epochs", train_args->options.tagger_epochs, "Tagger epochs");
  train->add_option("--parser-epochs", train_args->options.parser_epochs, "Parser epochs");
  train->add_option("--parser-ensemble", train_args->options.parser_ensemble,
                    "Transition models trained with different seeds and averaged into one");
  train->add_flag("--joint-labels", train_args->options.joint_labels,
                  "Label each arc as it is made and let the transitions see the labels");
  train->add_option("--ner-epochs", train_args->options.ner_epochs, "Entity recognizer epochs");
  train->add_option("--folds", train_args->options.jackknife_folds,
                    "Jackknife folds for the parser's training tags (0 = gold tags)");
  train->callback([&ctx, train_args] {
    ctx.run = [&ctx, train_args] { return RunTrain(ctx.globals, *train_args); };
  });

  auto parse_args = std::make_shared<ParseArgs>();
  CLI::App* parse = app.add_subcommand(
      "parse", "Print CoNLL-U (entities in MISC) for raw text, or evaluate on gold data");
  parse->add_option("--models", parse_args->models,
                    "Model directory (default: $KG_MODELS or <source>/datasets/models)");
  parse->add_option("--eval", parse_args->eval,
                    "Evaluate on a gold CoNLL-U file (gold tokenization)");
  parse->add_option("--eval-ner", parse_args->eval_ner,
                    "Evaluate entity spans on a gold IOB2 file");
  parse->add_option("files", parse_args->files, "Text files, or - for standard input (default)");
  parse->callback([&ctx, parse_args] {
    ctx.run = [&ctx, parse_args] { return RunParse(ctx.globals, *parse_args); };
  });
}

}  // namespace kg::cli
