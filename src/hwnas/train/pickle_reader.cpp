#include "hwnas/train/pickle_reader.hpp"

#include <cstring>
#include <unordered_map>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::train {
namespace {

using Kind = PickleValue::Kind;

class Unpickler {
 public:
  Unpickler(std::string_view bytes, const std::string& what) : bytes_(bytes), what_(what) {
    pickle_.values.emplace_back();  // index 0: None
  }

  Pickle run() {
    while (true) {
      const std::size_t at = pos_;
      const auto op = static_cast<unsigned char>(take(1)[0]);
      if (op == '.') break;
      step(op, at);
    }
    if (stack_.size() != 1 || !marks_.empty()) fail(pos_ - 1, "STOP with an unbalanced stack");
    pickle_.root = stack_.back();
    pickle_.bytes_read = pos_;
    return std::move(pickle_);
  }

 private:
  [[noreturn]] void fail(std::size_t at, const std::string& why) const {
    throw InputError(fmt::format("{}: pickle byte {}: {}", what_, at, why));
  }

  std::string_view take(std::size_t n) {
    if (n > bytes_.size() - pos_) fail(pos_, "the pickle is cut short");
    const std::string_view out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  std::uint64_t little_endian(std::size_t n) {
    const std::string_view b = take(n);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(b[i])) << (8 * i);
    return v;
  }
  std::string_view line() {
    const std::size_t end = bytes_.find('\n', pos_);
    if (end == std::string_view::npos) fail(pos_, "a GLOBAL without its newline");
    const std::string_view out = bytes_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return out;
  }

  std::size_t make(PickleValue v) {
    pickle_.values.push_back(std::move(v));
    return pickle_.values.size() - 1;
  }
  std::size_t make(Kind kind) {
    PickleValue v;
    v.kind = kind;
    return make(std::move(v));
  }
  std::size_t make_integer(std::int64_t i, Kind kind = Kind::integer) {
    PickleValue v;
    v.kind = kind;
    v.integer = i;
    return make(std::move(v));
  }
  std::size_t make_text(Kind kind, std::string_view text) {
    PickleValue v;
    v.kind = kind;
    v.text = std::string(text);
    return make(std::move(v));
  }
  std::size_t make_sequence(Kind kind, std::vector<std::size_t> items) {
    PickleValue v;
    v.kind = kind;
    v.items = std::move(items);
    return make(std::move(v));
  }

  std::size_t pop(std::size_t at) {
    if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) fail(at, "pop from an empty stack");
    const std::size_t top = stack_.back();
    stack_.pop_back();
    return top;
  }
  std::vector<std::size_t> pop_to_mark(std::size_t at) {
    if (marks_.empty()) fail(at, "no MARK to pop to");
    std::vector<std::size_t> items(stack_.begin() + static_cast<std::ptrdiff_t>(marks_.back()), stack_.end());
    stack_.resize(marks_.back());
    marks_.pop_back();
    return items;
  }
  PickleValue& top(std::size_t at) {
    if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) fail(at, "an empty stack");
    return pickle_.values[stack_.back()];
  }
  PickleValue& expect(std::size_t index, Kind kind, std::size_t at, const char* op) {
    PickleValue& v = pickle_.values[index];
    if (v.kind != kind) fail(at, fmt::format("{} on a value it does not apply to", op));
    return v;
  }
  void push(std::size_t index) { stack_.push_back(index); }

  void memo_put(std::uint64_t key, std::size_t at) {
    if (stack_.empty()) fail(at, "memoising an empty stack");
    memo_[key] = stack_.back();
  }
  void memo_get(std::uint64_t key, std::size_t at) {
    const auto it = memo_.find(key);
    if (it == memo_.end()) fail(at, fmt::format("memo entry {} was never stored", key));
    push(it->second);
  }

  // REDUCE and NEWOBJ: a dict for the dict types, else an object holding callable and arguments.
  void build_object(std::size_t callable, std::size_t args, std::size_t at) {
    const PickleValue& c = pickle_.values[callable];
    if (pickle_.values[args].kind != Kind::tuple) fail(at, "REDUCE arguments are not a tuple");
    if (c.kind == Kind::global && (c.text == "collections.OrderedDict" || c.text == "builtins.dict")) {
      if (!pickle_.values[args].items.empty()) fail(at, c.text + " rebuilt from arguments");
      push(make(Kind::dict));
      return;
    }
    push(make_sequence(Kind::object, {callable, args}));
  }

  void set_items(std::size_t dict, const std::vector<std::size_t>& pairs, std::size_t at) {
    if (pairs.size() % 2 != 0) fail(at, "SETITEMS with an odd number of values");
    PickleValue& d = expect(dict, Kind::dict, at, "SETITEM");
    d.items.insert(d.items.end(), pairs.begin(), pairs.end());
  }

  void step(unsigned char op, std::size_t at) {
    switch (op) {
      case 0x80: take(1); break;                       // PROTO
      case 0x95: little_endian(8); break;              // FRAME: a length hint only
      case '(': marks_.push_back(stack_.size()); break;  // MARK
      case ')': push(make_sequence(Kind::tuple, {})); break;
      case ']': push(make(Kind::list)); break;
      case '}': push(make(Kind::dict)); break;
      case 't': push(make_sequence(Kind::tuple, pop_to_mark(at))); break;
      case 'l': push(make_sequence(Kind::list, pop_to_mark(at))); break;
      case 'd': {
        const std::size_t dict = make(Kind::dict);
        set_items(dict, pop_to_mark(at), at);
        push(dict);
        break;
      }
      case 0x85: case 0x86: case 0x87: {               // TUPLE1, TUPLE2, TUPLE3
        std::vector<std::size_t> items(op - 0x84);
        for (std::size_t i = items.size(); i-- > 0;) items[i] = pop(at);
        push(make_sequence(Kind::tuple, std::move(items)));
        break;
      }
      case 'N': push(0); break;
      case 0x88: push(make_integer(1, Kind::boolean)); break;
      case 0x89: push(make_integer(0, Kind::boolean)); break;
      case 'J': push(make_integer(static_cast<std::int32_t>(little_endian(4)))); break;
      case 'K': push(make_integer(static_cast<std::int64_t>(little_endian(1)))); break;
      case 'M': push(make_integer(static_cast<std::int64_t>(little_endian(2)))); break;
      case 0x8a: case 0x8b: {                          // LONG1, LONG4
        const std::uint64_t n = little_endian(op == 0x8a ? 1 : 4);
        if (n > bytes_.size() - pos_) fail(at, "the pickle is cut short");
        const std::string_view b = take(static_cast<std::size_t>(n));
        if (n <= 8) {
          std::uint64_t v = 0;
          for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(b[i])) << (8 * i);
          if (n > 0 && n < 8 && (static_cast<unsigned char>(b[n - 1]) & 0x80)) v |= ~std::uint64_t{0} << (8 * n);
          push(make_integer(static_cast<std::int64_t>(v)));
        } else {
          push(make_text(Kind::big_integer, b));
        }
        break;
      }
      case 'G': {                                      // BINFLOAT: big-endian IEEE 754
        const std::string_view b = take(8);
        std::uint64_t bits = 0;
        for (char c : b) bits = (bits << 8) | static_cast<unsigned char>(c);
        PickleValue v;
        v.kind = Kind::real;
        std::memcpy(&v.real, &bits, sizeof bits);
        push(make(std::move(v)));
        break;
      }
      case 'X': case 0x8c: case 0x8d: case 'U': case 'T': {  // strings
        const std::size_t width = op == 0x8c || op == 'U' ? 1 : op == 0x8d ? 8 : 4;
        const std::uint64_t n = little_endian(width);
        if (n > bytes_.size() - pos_) fail(at, "the pickle is cut short");
        push(make_text(Kind::string, take(static_cast<std::size_t>(n))));
        break;
      }
      case 'B': case 'C': case 0x8e: {                 // bytes
        const std::uint64_t n = little_endian(op == 'C' ? 1 : op == 'B' ? 4 : 8);
        if (n > bytes_.size() - pos_) fail(at, "the pickle is cut short");
        push(make_text(Kind::bytes, take(static_cast<std::size_t>(n))));
        break;
      }
      case 'c': {                                      // GLOBAL
        const std::string module(line());
        push(make_text(Kind::global, module + "." + std::string(line())));
        break;
      }
      case 0x93: {                                     // STACK_GLOBAL
        const std::size_t name = pop(at), module = pop(at);
        if (pickle_.values[name].kind != Kind::string || pickle_.values[module].kind != Kind::string)
          fail(at, "STACK_GLOBAL of non-strings");
        push(make_text(Kind::global, pickle_.values[module].text + "." + pickle_.values[name].text));
        break;
      }
      case 'q': memo_put(little_endian(1), at); break;   // BINPUT
      case 'r': memo_put(little_endian(4), at); break;   // LONG_BINPUT
      case 0x94: memo_put(memo_.size(), at); break;      // MEMOIZE
      case 'h': memo_get(little_endian(1), at); break;   // BINGET
      case 'j': memo_get(little_endian(4), at); break;   // LONG_BINGET
      case 'R': case 0x81: {                           // REDUCE, NEWOBJ
        const std::size_t args = pop(at);
        build_object(pop(at), args, at);
        break;
      }
      case 'b': {                                      // BUILD
        const std::size_t state = pop(at);
        PickleValue& target = top(at);
        // An OrderedDict's state is its __dict__ (state_dict's `_metadata`): not part of the mapping.
        if (target.kind == Kind::dict) break;
        if (target.kind != Kind::object) fail(at, "BUILD on a value that is not an object");
        target.state = state;
        target.has_state = true;
        break;
      }
      case 's': {                                      // SETITEM
        const std::size_t value = pop(at), key = pop(at);
        if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) fail(at, "SETITEM without a dict");
        set_items(stack_.back(), {key, value}, at);
        break;
      }
      case 'u': {                                      // SETITEMS
        const std::vector<std::size_t> pairs = pop_to_mark(at);
        if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) fail(at, "SETITEMS without a dict");
        set_items(stack_.back(), pairs, at);
        break;
      }
      case 'a': {                                      // APPEND
        const std::size_t value = pop(at);
        expect(stack_.empty() ? 0 : stack_.back(), Kind::list, at, "APPEND").items.push_back(value);
        break;
      }
      case 'e': {                                      // APPENDS
        const std::vector<std::size_t> values = pop_to_mark(at);
        PickleValue& list = expect(stack_.empty() ? 0 : stack_.back(), Kind::list, at, "APPENDS");
        list.items.insert(list.items.end(), values.begin(), values.end());
        break;
      }
      case 'Q': push(make_sequence(Kind::persistent, {pop(at)})); break;  // BINPERSID
      case '0': pop(at); break;                        // POP
      case '1': pop_to_mark(at); break;                // POP_MARK
      case '2': {                                      // DUP
        const std::size_t value = pop(at);
        push(value);
        push(value);
        break;
      }
      default:
        fail(at, fmt::format("opcode 0x{:02x} is not one torch.save writes", op));
    }
  }

  std::string_view bytes_;
  const std::string& what_;
  std::size_t pos_ = 0;
  Pickle pickle_;
  std::vector<std::size_t> stack_;
  std::vector<std::size_t> marks_;
  std::unordered_map<std::uint64_t, std::size_t> memo_;
};

}  // namespace

const PickleValue* Pickle::find(const PickleValue& dict, std::string_view key) const {
  if (dict.kind != PickleValue::Kind::dict) return nullptr;
  for (std::size_t i = 0; i + 1 < dict.items.size(); i += 2) {
    const PickleValue& k = values[dict.items[i]];
    if (k.kind == PickleValue::Kind::string && k.text == key) return &values[dict.items[i + 1]];
  }
  return nullptr;
}

Pickle read_pickle(std::string_view bytes, const std::string& what) { return Unpickler(bytes, what).run(); }

}  // namespace hwnas::train
