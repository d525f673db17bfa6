#include "graph/triple_loader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <thread>

namespace kg::graph {

Status SplitLine(std::string_view line, LoadOptions::Format format,
                 std::vector<std::string>* fields) {
  // The strings of *fields are reused from line to line (no allocation once they have grown),
  // and fields without escapes or quotes are copied in one piece.
  size_t n = 0;
  auto next = [&]() -> std::string& {
    if (n == fields->size()) fields->emplace_back();
    std::string& f = (*fields)[n++];
    f.clear();
    return f;
  };
  const char delimiter = format == LoadOptions::Format::kTsv ? '\t' : ',';
  const char special = format == LoadOptions::Format::kTsv ? '\\' : '"';
  if (line.find(special) == std::string_view::npos) {
    size_t start = 0;
    while (true) {
      size_t end = line.find(delimiter, start);
      if (end == std::string_view::npos) end = line.size();
      next().assign(line.substr(start, end - start));
      if (end == line.size()) break;
      start = end + 1;
    }
    fields->resize(n);
    return Status::OK();
  }
  if (format == LoadOptions::Format::kTsv) {
    std::string* cur = &next();
    for (size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (c == '\t') {
        cur = &next();
      } else if (c == '\\' && i + 1 < line.size() &&
                 (line[i + 1] == 't' || line[i + 1] == 'n' || line[i + 1] == 'r' ||
                  line[i + 1] == '\\')) {
        char e = line[++i];
        cur->push_back(e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : '\\');
      } else {
        cur->push_back(c);
      }
    }
    fields->resize(n);
    return Status::OK();
  }
  std::string* cur = &next();
  bool quoted = false;
  size_t quote_col = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cur->push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur->push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
      quote_col = i + 1;
    } else if (c == ',') {
      cur = &next();
    } else {
      cur->push_back(c);
    }
  }
  fields->resize(n);
  if (quoted) {
    return Status::InvalidArgument("column " + std::to_string(quote_col) +
                                   ": unterminated quoted field");
  }
  return Status::OK();
}

std::string EscapeTsv(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

namespace {

// "42" -> int, "0.5" -> double, "true"/"false" -> bool, else string.
PropertyValue InferValue(const std::string& s) {
  if (s.empty()) return PropertyValue(s);
  int64_t i;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
  if (ec == std::errc() && p == s.data() + s.size()) return PropertyValue(i);
  double d;
  auto [p2, ec2] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec2 == std::errc() && p2 == s.data() + s.size() &&
      s.find_first_of(".eE") != std::string::npos) {
    return PropertyValue(d);
  }
  if (s == "true") return PropertyValue(true);
  if (s == "false") return PropertyValue(false);
  return PropertyValue(s);
}

bool IsIdentifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// Resolves a column spec (number or header name) to an index; -1 if unknown.
int ColumnIndex(const std::string& spec, const std::vector<std::string>& header) {
  if (!spec.empty() && std::all_of(spec.begin(), spec.end(), ::isdigit)) return std::stoi(spec);
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == spec) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

TripleLoader::TripleLoader(GraphStore* store, LoadOptions options)
    : store_(store), options_(std::move(options)) {
  auto counts = store_->Counts();
  store_has_data_ = !counts.ok() || counts->nodes > 0;
}

TripleLoader::~TripleLoader() = default;

Result<NodeId> TripleLoader::NodeFor(const std::string& key) {
  return NodeFor(key, std::hash<std::string_view>()(key));
}

Result<NodeId> TripleLoader::NodeFor(const std::string& key, uint64_t hash) {
  if (const NodeId* cached = node_cache_.Find(key, hash)) return *cached;
  std::string display = key;
  if (options_.names) {
    auto n = options_.names->find(key);
    if (n != options_.names->end()) display = n->second;
  }
  // A node stored by an earlier load: its name (or, with a names file, its id alias) matches.
  std::vector<NodeId> found;
  if (store_has_data_) KG_RETURN_IF_ERROR(store_->FindByName(key, &found));
  for (NodeId id : found) {
    NodeRecord rec;
    KG_RETURN_IF_ERROR(store_->GetNode(id, &rec));
    auto name = rec.properties.find("name");
    auto ext = rec.properties.find("id");
    bool same = (ext != rec.properties.end() && ext->second.is_string() &&
                 ext->second.as_string() == key) ||
                (ext == rec.properties.end() && name != rec.properties.end() &&
                 name->second.is_string() && name->second.as_string() == key);
    if (same) {
      node_cache_.Insert(key, hash, id);
      return id;
    }
  }
  Properties props{{"name", display}};
  if (options_.names) {
    props["id"] = key;
    props["aliases"] = PropertyValue::List{PropertyValue(key)};
  }
  auto id = bulk_->AddNode({options_.label}, props);
  if (!id.ok()) return id.status();
  ++stats_.nodes_created;
  node_cache_.Insert(key, hash, *id);
  return *id;
}

const NodeId* TripleLoader::NodeCache::Find(std::string_view key, uint64_t hash) const {
  size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (!s.used()) return nullptr;
    if (s.hash == hash && s.Key(arena_) == key) {
      return &s.id;
    }
  }
}

void TripleLoader::NodeCache::Insert(std::string_view key, uint64_t hash, NodeId id) {
  if ((size_ + 1) * 2 > slots_.size()) {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (!s.used()) continue;
      size_t i = s.hash & mask;
      while (slots_[i].used()) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i].used()) i = (i + 1) & mask;
  Slot& slot = slots_[i];
  slot.hash = hash;
  slot.id = id;
  slot.size_and_used = static_cast<uint32_t>(key.size()) | Slot::kUsed;
  if (key.size() <= sizeof slot.inline_key) {
    std::memcpy(slot.inline_key, key.data(), key.size());
  } else {
    uint32_t offset = static_cast<uint32_t>(arena_.size());
    std::memcpy(slot.inline_key, &offset, sizeof offset);
    arena_.append(key);
  }
  ++size_;
}

Status TripleLoader::Flush() {
  if (!bulk_) return Status::OK();
  Status s = bulk_->Finish();
  bulk_.reset();
  store_has_data_ = true;
  rows_in_txn_ = 0;
  return s;
}

namespace {

// Reads lines on a thread of its own and splits them into fields, handing them over in batches
// through a short queue (batches are recycled, so their strings keep their capacity).
class LineReader {
 public:
  struct Line {
    uint64_t line_no = 0;
    Status split;
    std::vector<std::string> fields;
  };
  struct Batch {
    std::vector<Line> lines = std::vector<Line>(kBatchLines);
    size_t size = 0;
  };

  LineReader(std::istream& in, LoadOptions::Format format) : in_(in), format_(format) {
    for (auto& b : pool_) free_.push_back(&b);
    thread_ = std::thread([this] { Run(); });
  }
  ~LineReader() { Stop(); }

  // The next batch in file order, or nullptr at the end of the input.
  Batch* Next() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !full_.empty() || done_; });
    if (full_.empty()) return nullptr;
    Batch* b = full_.front();
    full_.pop_front();
    return b;
  }
  void Release(Batch* b) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      free_.push_back(b);
    }
    cv_.notify_all();
  }
  // Stops reading (early, on an error) and waits for the thread.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  bool read_error() const { return read_error_; }

 private:
  static constexpr size_t kBatchLines = 2048;

  void Run() {
    std::string line;
    uint64_t line_no = 0;
    bool eof = false;
    while (!eof) {
      Batch* b;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return !free_.empty() || stop_; });
        if (stop_) break;
        b = free_.back();
        free_.pop_back();
      }
      b->size = 0;
      while (b->size < kBatchLines) {
        if (!std::getline(in_, line)) {
          eof = true;
          break;
        }
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line_no == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) {
          line.erase(0, 3);
        }
        if (line.empty()) continue;
        Line& l = b->lines[b->size++];
        l.line_no = line_no;
        l.split = SplitLine(line, format_, &l.fields);
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        full_.push_back(b);
      }
      cv_.notify_all();
    }
    std::lock_guard<std::mutex> lock(mu_);
    read_error_ = in_.bad();
    done_ = true;
    cv_.notify_all();
  }

  std::istream& in_;
  const LoadOptions::Format format_;
  Batch pool_[4];
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch*> full_;
  std::vector<Batch*> free_;
  bool stop_ = false, done_ = false, read_error_ = false;
  std::thread thread_;
};

}  // namespace

Status TripleLoader::Load(std::istream& in, const std::string& source,
                          std::vector<std::string>* errors) {
  std::vector<std::string> header;
  uint64_t line_no = 0;
  int s_col = -1, r_col = -1, o_col = -1;
  auto resolve = [&]() -> Status {
    s_col = ColumnIndex(options_.subject_column, header);
    r_col = ColumnIndex(options_.relation_column, header);
    o_col = ColumnIndex(options_.object_column, header);
    for (auto [spec, col] : {std::pair{&options_.subject_column, s_col},
                             std::pair{&options_.relation_column, r_col},
                             std::pair{&options_.object_column, o_col}}) {
      if (col < 0) {
        return Status::InvalidArgument(source + ":1: no column named '" + *spec +
                                       "' in the header");
      }
    }
    return Status::OK();
  };
  if (!options_.header) KG_RETURN_IF_ERROR(resolve());
  auto bad = [&](const std::string& msg) {
    ++stats_.bad_rows;
    errors->push_back(source + ":" + std::to_string(line_no) + ": " + msg);
  };
  // A reader thread reads and splits lines in batches while this thread resolves and writes
  // them; `line_no` is the number of the line being handled.
  LineReader reader(in, options_.format);
  Status stopped;
  // The node keys of the row kAhead rows on are hashed and their cache slots prefetched, so
  // that the lookups' memory reads overlap (a lookup is one cache miss in a large graph).
  constexpr size_t kAhead = 16;
  std::vector<uint64_t> hashes;  // per row of the batch: subject, object
  std::vector<char> hashed;
  auto hash_row = [&](const LineReader::Batch& batch, size_t r) {
    if (r >= batch.size || s_col < 0) return;
    const LineReader::Line& l = batch.lines[r];
    if (!l.split.ok() || static_cast<int>(l.fields.size()) <= std::max({s_col, r_col, o_col})) {
      return;
    }
    hashes[2 * r] = std::hash<std::string_view>()(l.fields[s_col]);
    hashes[2 * r + 1] = std::hash<std::string_view>()(l.fields[o_col]);
    hashed[r] = 1;
    node_cache_.Prefetch(hashes[2 * r]);
    node_cache_.Prefetch(hashes[2 * r + 1]);
  };
  for (LineReader::Batch* batch; stopped.ok() && (batch = reader.Next()) != nullptr;) {
    hashes.assign(2 * batch->size, 0);
    hashed.assign(batch->size, 0);
    for (size_t r = 0; r < kAhead; ++r) hash_row(*batch, r);
    for (size_t b = 0; b < batch->size; ++b) {
      hash_row(*batch, b + kAhead);
      LineReader::Line& row = batch->lines[b];
      line_no = row.line_no;
      if (!row.split.ok()) {
        bad(row.split.message());
        continue;
      }
      std::vector<std::string>& fields = row.fields;
      if (options_.header && header.empty()) {
        header = fields;
        stopped = resolve();
        if (!stopped.ok()) break;
        continue;
      }
      int need = std::max({s_col, r_col, o_col}) + 1;
      if (static_cast<int>(fields.size()) < need) {
        bad("expected at least " + std::to_string(need) +
            " columns (subject, relation, object), found " + std::to_string(fields.size()));
        continue;
      }
      const std::string& subject = fields[s_col];
      const std::string& relation = fields[r_col];
      const std::string& object = fields[o_col];
      if (subject.empty() || relation.empty() || object.empty()) {
        bad(std::string("empty ") +
            (subject.empty() ? "subject" : relation.empty() ? "relation" : "object"));
        continue;
      }
      if (!hashed[b]) hash_row(*batch, b);
      stopped = AddRow(fields, header, s_col, r_col, o_col, hashes[2 * b], hashes[2 * b + 1]);
      if (!stopped.ok()) break;
    }
    reader.Release(batch);
  }
  reader.Stop();
  KG_RETURN_IF_ERROR(stopped);
  if (reader.read_error()) return Status::IOError(source + ": read error");
  return Status::OK();
}

Status TripleLoader::AddRow(const std::vector<std::string>& fields,
                            const std::vector<std::string>& header, int s_col, int r_col,
                            int o_col, uint64_t s_hash, uint64_t o_hash) {
  const std::string& subject = fields[s_col];
  const std::string& relation = fields[r_col];
  const std::string& object = fields[o_col];
  if (!bulk_) {
    auto t = store_->BeginBulkLoad();
    if (!t.ok()) return t.status();
    bulk_ = std::move(t).value();
  }
  auto s = NodeFor(subject, s_hash);
  if (!s.ok()) return s.status();
  auto o = NodeFor(object, o_hash);
  if (!o.ok()) return o.status();
  // The properties map is kept from row to row: rows of one file have the same extra columns,
  // so its entries are overwritten in place rather than allocated for every row.
  Properties& props = row_props_;
  row_keys_.clear();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (static_cast<int>(i) == s_col || static_cast<int>(i) == r_col ||
        static_cast<int>(i) == o_col) {
      continue;
    }
    std::string_view key, value;
    std::string numbered;
    if (i < header.size() && !header[i].empty()) {
      key = header[i];
      value = fields[i];
    } else if (size_t eq = fields[i].find('=');
               eq != std::string::npos && IsIdentifier(std::string_view(fields[i]).substr(0, eq))) {
      key = std::string_view(fields[i]).substr(0, eq);
      value = std::string_view(fields[i]).substr(eq + 1);
    } else {
      numbered = "col" + std::to_string(i + 1);
      key = numbered;
      value = fields[i];
    }
    key_buf_.assign(key);  // the map's keys are std::string (no heterogeneous lookup)
    auto it = props.find(key_buf_);
    if (it == props.end()) it = props.emplace(key_buf_, PropertyValue()).first;
    value_buf_.assign(value);
    it->second = InferValue(value_buf_);
    row_keys_.push_back(&it->first);
  }
  if (props.size() != row_keys_.size()) {  // drop the keys of earlier rows this one lacks
    for (auto it = props.begin(); it != props.end();) {
      it = std::find(row_keys_.begin(), row_keys_.end(), &it->first) == row_keys_.end()
               ? props.erase(it)
               : std::next(it);
    }
  }
  auto e = bulk_->AddEdge(relation, *s, *o, props);
  if (!e.ok()) return e.status();
  ++stats_.edges_created;
  ++stats_.rows;
  if (++rows_in_txn_ >= options_.chunk_rows) KG_RETURN_IF_ERROR(Flush());
  return Status::OK();
}

Status TripleLoader::AddNodes(const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    if (!bulk_) {
      auto t = store_->BeginBulkLoad();
      if (!t.ok()) return t.status();
      bulk_ = std::move(t).value();
    }
    auto n = NodeFor(id);
    if (!n.ok()) return n.status();
  }
  return Status::OK();
}

Status TripleLoader::Finish() { return Flush(); }

Status ReadNamesFile(const std::string& path, std::unordered_map<std::string, std::string>* names,
                     std::vector<std::string>* order) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open names file " + path);
  std::string line;
  char delim = 0;
  uint64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (delim == 0) {
      delim = line.find('\t') != std::string::npos ? '\t' : ',';
      if (line == std::string("id") + delim + "name") continue;
    }
    size_t pos = line.find(delim);
    if (pos == std::string::npos) {
      return Status::InvalidArgument(path + ":" + std::to_string(line_no) +
                                     ": expected 'id" + (delim == '\t' ? "<TAB>" : ",") +
                                     "name'");
    }
    std::string name = line.substr(pos + 1);
    if (delim == ',' && name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    auto [it, inserted] = names->insert_or_assign(line.substr(0, pos), name);
    if (order && inserted) order->push_back(it->first);
  }
  return Status::OK();
}

}  // namespace kg::graph
