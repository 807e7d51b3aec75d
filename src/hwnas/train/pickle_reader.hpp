// A reader of Python pickles as `torch.save` writes them (protocols 2–4): it builds a tree of
// plain values and executes nothing. LibTorch 1.13's own unpickler cannot rebuild an OrderedDict
// that carries state, which is what `torch.save(model.state_dict())` writes, nor a one-entry dict;
// this one reads both, the legacy (pre-zip) format's header pickles too. Globals are kept as names
// and the objects built from them (REDUCE, NEWOBJ, BUILD) as the callable, its arguments and its
// state; `collections.OrderedDict` and `builtins.dict` become dicts. state_dict_file.hpp turns the
// tree into tensors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hwnas::train {

struct PickleValue {
  enum class Kind { none, boolean, integer, big_integer, real, string, bytes, tuple, list, dict, global, object, persistent };
  Kind kind = Kind::none;
  std::int64_t integer = 0;  // boolean, integer
  double real = 0;
  // string and bytes: the contents; big_integer: little-endian two's complement bytes;
  // global: "module.name".
  std::string text;
  // tuple, list: the elements; dict: key, value, key, value, …; object: the callable, then its
  // arguments (a tuple); persistent: the persistent id. Indices into Pickle::values.
  std::vector<std::size_t> items;
  std::size_t state = 0;  // object: the value BUILD gave it (0: none — values[0] is always None)
  bool has_state = false;
};

struct Pickle {
  std::vector<PickleValue> values;  // values[0] is None
  std::size_t root = 0;
  std::size_t bytes_read = 0;  // up to and including STOP: the legacy format puts pickles in a row

  const PickleValue& at(std::size_t index) const { return values.at(index); }
  // The dict's value for a string key, or nullptr.
  const PickleValue* find(const PickleValue& dict, std::string_view key) const;
};

// Reads one pickle from the start of `bytes`. Throws InputError naming `what` on a malformed or
// cut pickle, or an opcode outside what torch.save writes.
Pickle read_pickle(std::string_view bytes, const std::string& what);

}  // namespace hwnas::train
