#include "ingest/nlp/model_io.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kg::ingest::nlp {
namespace {
constexpr char kMagic[8] = {'K', 'G', 'N', 'L', 'P', 'M', '0', '1'};

std::string Hint(const std::string& path) {
  return "model file '" + path + "'";
}
std::string Rebuild() { return std::string("; rebuild the models with: ") + kRebuildCommand; }
}  // namespace

uint64_t Fnv1a(std::string_view data) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

Status SaveModelFile(const std::string& path, const ModelFile& file) {
  ByteWriter w;
  w.Put<uint32_t>(static_cast<uint32_t>(file.sections.size()));
  for (const auto& [name, body] : file.sections) {
    w.PutString(name);
    w.PutString(body);
  }
  std::string payload = std::move(w.buffer());
  uint64_t sum = Fnv1a(payload);
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError("cannot write " + tmp);
    out.write(kMagic, sizeof(kMagic));
    uint64_t size = payload.size();
    out.write(reinterpret_cast<const char*>(&size), sizeof(size));
    out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
    out.write(reinterpret_cast<const char*>(&sum), sizeof(sum));
    if (!out) return Status::IOError("cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::IOError("cannot rename " + tmp + " to " + path + ": " + ec.message());
  return Status::OK();
}

Result<ModelFile> LoadModelFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(Hint(path) + " is missing" + Rebuild());
  std::stringstream ss;
  ss << in.rdbuf();
  std::string data = ss.str();
  if (data.size() < sizeof(kMagic) + 16 || std::memcmp(data.data(), kMagic, sizeof(kMagic)) != 0) {
    return Status::Corruption(Hint(path) + " is not a kg NLP model (bad header)" + Rebuild());
  }
  uint64_t size;
  std::memcpy(&size, data.data() + sizeof(kMagic), sizeof(size));
  if (size != data.size() - sizeof(kMagic) - 16) {
    return Status::Corruption(Hint(path) + " is truncated or corrupt" + Rebuild());
  }
  std::string_view payload(data.data() + sizeof(kMagic) + 8, size);
  uint64_t sum;
  std::memcpy(&sum, data.data() + data.size() - 8, sizeof(sum));
  if (sum != Fnv1a(payload)) {
    return Status::Corruption(Hint(path) + " is corrupt (checksum mismatch)" + Rebuild());
  }
  ModelFile file;
  ByteReader r(payload);
  uint32_t n;
  if (!r.Get(&n)) return Status::Corruption(Hint(path) + " is corrupt" + Rebuild());
  for (uint32_t i = 0; i < n; ++i) {
    std::string name, body;
    if (!r.GetString(&name) || !r.GetString(&body)) {
      return Status::Corruption(Hint(path) + " is corrupt" + Rebuild());
    }
    file.sections[name] = std::move(body);
  }
  return file;
}

Status CorruptSection(const std::string& path, const std::string& section) {
  return Status::Corruption(Hint(path) + " has a missing or corrupt section '" + section + "'" +
                            Rebuild());
}

}  // namespace kg::ingest::nlp
