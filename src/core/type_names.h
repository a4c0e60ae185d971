// Names for PostgreSQL type OIDs, so the grid header can say "int4" or "timestamptz".
// Built-in types are known up front; user types (enums, domains) are learned from pg_type
// when the schema is refreshed.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

namespace pgplay {

class TypeNames {
public:
    TypeNames();                                        // knows the built-in types
    std::string nameOf(uint32_t oid) const;             // "" if unknown
    void learn(uint32_t oid, std::string name);         // from pg_type
    // Right-align numbers in the grid: int2/4/8, numeric, float4/8, oid, money.
    static bool isNumeric(uint32_t oid);
private:
    std::unordered_map<uint32_t, std::string> names_;
};

}  // namespace pgplay
