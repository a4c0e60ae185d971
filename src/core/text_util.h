// Small text helpers the core shares: ASCII-only on purpose (bytes of UTF-8 sequences are never
// spaces or letters to change), so they behave the same whatever the C locale says.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pgplay {

// ' ', '\t', '\n', '\r', '\f', '\v': what the "C" locale's isspace and PostgreSQL's scanner call space.
constexpr bool isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
constexpr char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char upperAscii(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// `s` without leading and trailing ASCII space (a view into `s`: keep `s` alive).
std::string_view trim(std::string_view s);
bool isBlank(std::string_view s);          // empty or only ASCII space
std::string lower(std::string_view s);     // ASCII letters lowercased, other bytes as they are
std::string upper(std::string_view s);
bool equalsIgnoringCase(std::string_view a, std::string_view b);   // ASCII letters folded

// A name as PostgreSQL reads it: "Quoted" exactly, with doubled quotes undone; anything else
// folded to lower case.
std::string identifierValue(std::string_view name);

// A duration for people: "10 s", "0.3 s", "2.5 s" (whole seconds without a decimal).
std::string secondsText(int ms);

// Where each line of `text` starts. Lines end at "\n", "\r\n" or a lone "\r" (as in CommonMark);
// the first line starts at 0, and a final line ending does not start an empty last line.
std::vector<size_t> lineStarts(std::string_view text);

// The 0-based line holding byte `offset`, given lineStarts() of the same text.
size_t lineOfOffset(const std::vector<size_t>& starts, size_t offset);

// Line `index` of `text` without its line ending.
std::string_view lineText(std::string_view text, const std::vector<size_t>& starts, size_t index);

}  // namespace pgplay
