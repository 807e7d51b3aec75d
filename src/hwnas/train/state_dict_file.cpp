#include "hwnas/train/state_dict_file.hpp"

#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <vector>

#include <caffe2/serialize/inline_container.h>
#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/train/pickle_reader.hpp"
#include "hwnas/train/torch_error.hpp"
#include "hwnas/train/zip_records.hpp"

namespace hwnas::train {
namespace {

using Kind = PickleValue::Kind;

// torch.save's legacy format starts with this number (torch/serialization.py's MAGIC_NUMBER), as
// pickle's LONG1 writes it: little-endian bytes.
constexpr std::string_view kLegacyMagic("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10);
constexpr std::int64_t kLegacyProtocol = 1001;

struct StorageType {
  const char* global;
  torch::Dtype dtype;
};
constexpr StorageType kStorageTypes[] = {
    {"torch.FloatStorage", torch::kFloat32}, {"torch.DoubleStorage", torch::kFloat64},
    {"torch.HalfStorage", torch::kFloat16},  {"torch.BFloat16Storage", torch::kBFloat16},
    {"torch.LongStorage", torch::kInt64},    {"torch.IntStorage", torch::kInt32},
    {"torch.ShortStorage", torch::kInt16},   {"torch.CharStorage", torch::kInt8},
    {"torch.ByteStorage", torch::kUInt8},    {"torch.BoolStorage", torch::kBool},
};

// One storage a persistent id names: ('storage', <storage type>, key, location, numel[, view]).
struct StorageId {
  std::string key;
  torch::Dtype dtype = torch::kFloat32;
  std::int64_t numel = 0;
};

class StateDictReader {
 public:
  explicit StateDictReader(const std::filesystem::path& path) : path_(path), what_(path.string()) {}

  std::map<std::string, torch::Tensor> read() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw InputError(fmt::format("checkpoint {} does not exist", what_));
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.rfind("PK\x03\x04", 0) == 0) {
      check_zip_records(path_, "checkpoint written by torch.save");
      read_zip();
    } else {
      read_legacy(bytes);
    }
    const PickleValue* dict = &pickle_.at(pickle_.root);
    if (const PickleValue* inner = pickle_.find(*dict, "state_dict")) dict = inner;  // OFA's {'state_dict': …}
    if (dict->kind != Kind::dict) throw InputError(fmt::format("{} holds no dict of tensors", what_));
    std::map<std::string, torch::Tensor> state;
    for (std::size_t i = 0; i + 1 < dict->items.size(); i += 2) {
      const PickleValue& key = pickle_.at(dict->items[i]);
      const auto tensor = tensor_of(pickle_.at(dict->items[i + 1]));
      if (key.kind == Kind::string && tensor) state[key.text] = *tensor;
    }
    if (state.empty()) throw InputError(fmt::format("{} holds no tensors", what_));
    return state;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const { throw InputError(fmt::format("{}: {}", what_, why)); }

  // torch.save since PyTorch 1.6: a zip archive with data.pkl and one record per storage, data/<key>.
  void read_zip() {
    try {
      caffe2::serialize::PyTorchStreamReader zip(what_);
      if (!zip.hasRecord("data.pkl")) fail("a zip archive without data.pkl: not written by torch.save");
      const auto [data, size] = zip.getRecord("data.pkl");
      pickle_ = read_pickle(std::string_view(static_cast<const char*>(data.get()), size), what_ + " data.pkl");
      for (const auto& [key, id] : storage_ids()) {
        const std::string record = "data/" + key;
        if (!zip.hasRecord(record)) fail(fmt::format("storage record {} is missing", record));
        const auto [bytes, length] = zip.getRecord(record);
        storages_[key] = storage_tensor(id, std::string_view(static_cast<const char*>(bytes.get()), length));
      }
    } catch (const InputError&) {
      throw;
    } catch (const std::exception& e) {
      fail(torch_error_text(e));
    }
  }

  // torch.save before PyTorch 1.6 (and with _use_new_zipfile_serialization=False): pickles in a
  // row — magic number, protocol, system info, the object, the sorted storage keys — then each
  // storage as its element count (int64) and its bytes.
  void read_legacy(const std::string& bytes) {
    std::size_t at = 0;
    auto next = [&](const char* part) {
      Pickle p = read_pickle(std::string_view(bytes).substr(at), fmt::format("{} ({})", what_, part));
      at += p.bytes_read;
      return p;
    };
    const Pickle magic = next("magic number");
    if (magic.at(magic.root).kind != Kind::big_integer || magic.at(magic.root).text != kLegacyMagic)
      fail("neither a zip archive nor torch.save's legacy format (no magic number)");
    const Pickle protocol = next("protocol version");
    if (protocol.at(protocol.root).kind != Kind::integer || protocol.at(protocol.root).integer != kLegacyProtocol)
      fail(fmt::format("legacy torch.save protocol other than {}", kLegacyProtocol));
    const Pickle info = next("system info");
    const PickleValue* little = info.find(info.at(info.root), "little_endian");
    if (!little || little->kind != Kind::boolean || little->integer != 1) fail("written on a big-endian machine");
    pickle_ = next("object");
    const Pickle keys = next("storage keys");
    const auto ids = storage_ids();
    const PickleValue& list = keys.at(keys.root);
    if (list.kind != Kind::list) fail("the storage keys are not a list");
    for (std::size_t index : list.items) {
      const PickleValue& key = keys.at(index);
      if (key.kind != Kind::string) fail("a storage key is not a string");
      const auto id = ids.find(key.text);
      if (id == ids.end()) fail(fmt::format("storage {} is listed but no tensor uses it", key.text));
      if (bytes.size() - at < 8) fail(fmt::format("storage {} is cut short", key.text));
      std::int64_t count = 0;
      std::memcpy(&count, bytes.data() + at, 8);
      at += 8;
      const std::size_t element = c10::elementSize(id->second.dtype);
      if (count != id->second.numel || static_cast<std::uint64_t>(count) > (bytes.size() - at) / element)
        fail(fmt::format("storage {} holds {} elements, its tensors say {}", key.text, count, id->second.numel));
      const std::size_t length = static_cast<std::size_t>(count) * element;
      storages_[key.text] = storage_tensor(id->second, std::string_view(bytes).substr(at, length));
      at += length;
    }
  }

  // Every storage the object's persistent ids name, by key.
  std::map<std::string, StorageId> storage_ids() const {
    std::map<std::string, StorageId> ids;
    for (const PickleValue& v : pickle_.values) {
      if (v.kind != Kind::persistent) continue;
      const PickleValue& pid = pickle_.at(v.items.at(0));
      if (pid.kind != Kind::tuple || pid.items.size() < 5 || pickle_.at(pid.items[0]).text != "storage")
        fail("a persistent id that is not a storage");
      const PickleValue& type = pickle_.at(pid.items[1]);
      const PickleValue& key = pickle_.at(pid.items[2]);
      const PickleValue& numel = pickle_.at(pid.items[4]);
      if (key.kind != Kind::string || numel.kind != Kind::integer || numel.integer < 0) fail("a malformed storage id");
      if (pid.items.size() > 5 && pickle_.at(pid.items[5]).kind != Kind::none) fail("storage views are not supported");
      StorageId id{key.text, torch::kFloat32, numel.integer};
      bool known = false;
      for (const auto& t : kStorageTypes)
        if (type.kind == Kind::global && type.text == t.global) id.dtype = t.dtype, known = true;
      if (!known) fail(fmt::format("storage type '{}' is not supported", type.text));
      const auto [it, inserted] = ids.emplace(key.text, id);
      if (!inserted && (it->second.dtype != id.dtype || it->second.numel != id.numel))
        fail(fmt::format("storage {} is named with two types or sizes", key.text));
    }
    return ids;
  }

  torch::Tensor storage_tensor(const StorageId& id, std::string_view bytes) const {
    const std::size_t element = c10::elementSize(id.dtype);
    if (bytes.size() % element != 0 || bytes.size() / element != static_cast<std::uint64_t>(id.numel))
      fail(fmt::format("storage {} has {} bytes, its tensors need {} elements of {} bytes", id.key, bytes.size(),
                       id.numel, element));
    // Booleans are read as bytes: a byte other than 0 or 1 must not become an invalid bool.
    const torch::Dtype read_as = id.dtype == torch::kBool ? torch::kUInt8 : id.dtype;
    torch::Tensor storage = torch::empty({id.numel}, torch::TensorOptions().dtype(read_as));
    if (!bytes.empty()) std::memcpy(storage.data_ptr(), bytes.data(), bytes.size());
    return id.dtype == torch::kBool ? storage.ne(0) : storage;
  }

  std::vector<std::int64_t> integers(const PickleValue& tuple, const char* what) const {
    if (tuple.kind != Kind::tuple || tuple.items.size() > 16) fail(fmt::format("a tensor's {} is not a tuple", what));
    std::vector<std::int64_t> out;
    for (std::size_t i : tuple.items) {
      const PickleValue& v = pickle_.at(i);
      if (v.kind != Kind::integer || v.integer < 0 || v.integer > (std::int64_t{1} << 40))
        fail(fmt::format("a tensor's {} holds {}", what, v.kind == Kind::integer ? std::to_string(v.integer) : "a non-integer"));
      out.push_back(v.integer);
    }
    return out;
  }

  // torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata]),
  // or _rebuild_parameter(tensor, requires_grad, hooks) around one. Other values: nullopt.
  std::optional<torch::Tensor> tensor_of(const PickleValue& v) const {
    if (v.kind != Kind::object) return std::nullopt;
    const PickleValue& callable = pickle_.at(v.items.at(0));
    const PickleValue& args = pickle_.at(v.items.at(1));
    if (callable.text == "torch._utils._rebuild_parameter" && !args.items.empty()) {
      const PickleValue& inner = pickle_.at(args.items[0]);
      if (inner.kind == Kind::object && pickle_.at(inner.items.at(0)).text == "torch._utils._rebuild_tensor_v2")
        return tensor_of(inner);
      return std::nullopt;
    }
    if (callable.text != "torch._utils._rebuild_tensor_v2") return std::nullopt;
    if (args.items.size() < 4) fail("_rebuild_tensor_v2 with fewer than 4 arguments");
    const PickleValue& storage = pickle_.at(args.items[0]);
    const PickleValue& offset = pickle_.at(args.items[1]);
    if (storage.kind != Kind::persistent || offset.kind != Kind::integer || offset.integer < 0)
      fail("a tensor without its storage and offset");
    const std::string& key = pickle_.at(pickle_.at(storage.items[0]).items[2]).text;
    const auto found = storages_.find(key);
    if (found == storages_.end()) fail(fmt::format("storage {} is used by a tensor but not stored", key));
    const torch::Tensor& data = found->second;
    const auto sizes = integers(pickle_.at(args.items[2]), "size");
    const auto strides = integers(pickle_.at(args.items[3]), "stride");
    if (sizes.size() != strides.size()) fail("a tensor's size and stride differ in length");
    // The last element the view reaches must lie in the storage (sizes and strides are ≤ 2^40,
    // at most 16 of them: the sum fits in 128 bits).
    __int128 last = offset.integer;
    bool empty = false;
    for (std::size_t d = 0; d < sizes.size(); ++d) {
      empty = empty || sizes[d] == 0;
      if (sizes[d] > 0) last += static_cast<__int128>(sizes[d] - 1) * strides[d];
    }
    if (!empty && last >= data.numel())
      fail(fmt::format("tensor in storage {} reaches past its {} elements", key, data.numel()));
    if (empty) return torch::zeros(sizes, torch::kFloat32);
    return data.as_strided(sizes, strides, offset.integer).to(torch::kFloat32).clone();
  }

  std::filesystem::path path_;
  std::string what_;
  Pickle pickle_;
  std::map<std::string, torch::Tensor> storages_;
};

}  // namespace

std::map<std::string, torch::Tensor> read_state_dict(const std::filesystem::path& path) {
  return StateDictReader(path).read();
}

}  // namespace hwnas::train
