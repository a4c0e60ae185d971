// Backend messages built by hand, for tests that play the server's part: the wire decoder's
// tests and the RestartableDatabase's fake engine.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/pg_wire.h"

namespace backend {

using pgplay::wire::Bytes;

inline void putInt32(Bytes& b, int32_t v) {
    uint32_t u = static_cast<uint32_t>(v);
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<uint8_t>(u >> shift));
}
inline void putInt16(Bytes& b, int16_t v) {
    uint16_t u = static_cast<uint16_t>(v);
    b.push_back(static_cast<uint8_t>(u >> 8));
    b.push_back(static_cast<uint8_t>(u));
}
inline void putString(Bytes& b, const std::string& s) {
    b.insert(b.end(), s.begin(), s.end());
    b.push_back(0);
}

inline Bytes message(char type, const Bytes& body) {
    Bytes b{static_cast<uint8_t>(type)};
    putInt32(b, static_cast<int32_t>(body.size() + 4));
    b.insert(b.end(), body.begin(), body.end());
    return b;
}

inline Bytes parseComplete() { return message('1', {}); }
inline Bytes bindComplete() { return message('2', {}); }
inline Bytes noData() { return message('n', {}); }
inline Bytes emptyQuery() { return message('I', {}); }
inline Bytes portalSuspended() { return message('s', {}); }
inline Bytes ready(char status) { return message('Z', {static_cast<uint8_t>(status)}); }

inline Bytes commandComplete(const std::string& tag) {
    Bytes body;
    putString(body, tag);
    return message('C', body);
}

inline Bytes rowDescription(const std::vector<std::pair<std::string, uint32_t>>& fields) {
    Bytes body;
    putInt16(body, static_cast<int16_t>(fields.size()));
    for (const auto& [name, oid] : fields) {
        putString(body, name);
        putInt32(body, 0);                          // table oid
        putInt16(body, 0);                          // column number
        putInt32(body, static_cast<int32_t>(oid));  // type oid
        putInt16(body, -1);                         // type size
        putInt32(body, -1);                         // type modifier
        putInt16(body, 0);                          // text format
    }
    return message('T', body);
}

inline Bytes dataRow(const std::vector<std::optional<std::string>>& cells) {
    Bytes body;
    putInt16(body, static_cast<int16_t>(cells.size()));
    for (const auto& cell : cells) {
        if (!cell) {
            putInt32(body, -1);
            continue;
        }
        putInt32(body, static_cast<int32_t>(cell->size()));
        body.insert(body.end(), cell->begin(), cell->end());
    }
    return message('D', body);
}

inline Bytes errorFields(char type, const std::vector<std::pair<char, std::string>>& fields) {
    Bytes body;
    for (const auto& [code, value] : fields) {
        body.push_back(static_cast<uint8_t>(code));
        putString(body, value);
    }
    body.push_back(0);
    return message(type, body);
}

inline Bytes parameterStatus(const std::string& name, const std::string& value) {
    Bytes body;
    putString(body, name);
    putString(body, value);
    return message('S', body);
}

inline Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

}  // namespace backend
