#include "sandbox_scripts.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "text_util.h"

namespace pgplay {
namespace {

constexpr int kFormatVersion = 1;

// Cut to at most `bytes` without splitting a UTF-8 character; control characters become spaces.
std::string cleanName(const std::string& name, size_t bytes) {
    std::string out;
    for (char c : trim(name)) out += static_cast<unsigned char>(c) < ' ' ? ' ' : c;
    if (out.size() > bytes) {
        size_t cut = bytes;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
        out.resize(cut);
    }
    return std::string(trim(out));
}

}  // namespace

SandboxScripts::SandboxScripts() { scripts_.push_back({"Script 1", ""}); }

std::string SandboxScripts::uniqueName(const std::string& wanted, size_t except) const {
    auto taken = [&](const std::string& n) {
        for (size_t i = 0; i < scripts_.size(); ++i)
            if (i != except && scripts_[i].name == n) return true;
        return false;
    };
    if (!taken(wanted)) return wanted;
    for (int n = 2;; ++n) {
        std::string candidate = wanted + " (" + std::to_string(n) + ")";
        if (!taken(candidate)) return candidate;
    }
}

bool SandboxScripts::load(const std::string& text, std::string& problem) {
    const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        problem = "The saved scripts could not be read (not JSON); they were left as they are.";
        return false;
    }
    const auto version = doc.find("version");
    if (version == doc.end() || !version->is_number_integer()) {
        problem = "The saved scripts could not be read (no format version).";
        return false;
    }
    if (version->get<int64_t>() > kFormatVersion) {
        problem = "Your scripts were saved by a newer pgplay; open them there. This one starts with an empty script.";
        return false;
    }
    const auto list = doc.find("scripts");
    if (list == doc.end() || !list->is_array()) {
        problem = "The saved scripts could not be read (no list of scripts).";
        return false;
    }
    std::vector<SandboxScript> loaded;
    for (const auto& item : *list) {
        if (loaded.size() == kMaxScripts) break;
        if (!item.is_object()) continue;
        const auto name = item.find("name");
        const auto body = item.find("text");
        SandboxScript s;
        s.name = name != item.end() && name->is_string() ? cleanName(name->get<std::string>(), kMaxNameBytes) : "";
        s.text = body != item.end() && body->is_string() ? body->get<std::string>() : "";
        loaded.push_back(std::move(s));
    }
    if (loaded.empty()) {
        problem = "The saved scripts were empty.";
        return false;
    }
    scripts_.clear();
    for (auto& s : loaded) {
        // Names stay unique and non-empty whatever the document said.
        s.name = uniqueName(s.name.empty() ? "Script " + std::to_string(scripts_.size() + 1) : s.name, scripts_.size());
        scripts_.push_back(std::move(s));
    }
    const auto active = doc.find("active");
    active_ = active != doc.end() && active->is_number_unsigned() ? std::min<size_t>(active->get<size_t>(), scripts_.size() - 1) : 0;
    return true;
}

std::string SandboxScripts::toJson() const {
    nlohmann::ordered_json doc;
    doc["version"] = kFormatVersion;
    doc["active"] = active_;
    auto& list = doc["scripts"] = nlohmann::ordered_json::array();
    for (const auto& s : scripts_) list.push_back({{"name", s.name}, {"text", s.text}});
    // Invalid UTF-8 (a file opened as text) is kept as U+FFFD instead of failing the save.
    return doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

bool SandboxScripts::fitsStorage() const {
    size_t bytes = 0;
    for (const auto& s : scripts_) bytes += s.text.size() + s.name.size();
    return bytes <= kMaxSavedBytes;
}

bool SandboxScripts::add(std::string text, const std::string& name) {
    if (scripts_.size() >= kMaxScripts) return false;
    std::string wanted = cleanName(name, kMaxNameBytes);
    if (wanted.empty()) {
        // The lowest "Script N" not in use.
        for (size_t n = 1;; ++n) {
            wanted = "Script " + std::to_string(n);
            if (uniqueName(wanted, scripts_.size()) == wanted) break;
        }
    }
    scripts_.push_back({uniqueName(wanted, scripts_.size()), std::move(text)});
    active_ = scripts_.size() - 1;
    return true;
}

void SandboxScripts::select(size_t index) {
    if (index < scripts_.size()) active_ = index;
}

bool SandboxScripts::rename(size_t index, const std::string& name) {
    if (index >= scripts_.size()) return false;
    const std::string wanted = cleanName(name, kMaxNameBytes);
    if (wanted.empty()) return false;
    scripts_[index].name = uniqueName(wanted, index);
    return true;
}

void SandboxScripts::close(size_t index) {
    if (index >= scripts_.size()) return;
    if (scripts_.size() == 1) {
        scripts_[0].text.clear();
        return;
    }
    scripts_.erase(scripts_.begin() + static_cast<std::ptrdiff_t>(index));
    if (active_ > index || active_ == scripts_.size()) --active_;
}

std::string SandboxScripts::fileName(size_t index) const {
    std::string out;
    if (index < scripts_.size())
        for (char c : scripts_[index].name) {
            const auto u = static_cast<unsigned char>(c);
            // Letters, digits and UTF-8 stay; what a file system or a shell minds becomes '-'.
            out += (std::isalnum(u) || u >= 0x80 || c == '_' || c == '.') ? c : '-';
        }
    while (!out.empty() && (out.front() == '-' || out.front() == '.')) out.erase(out.begin());
    while (!out.empty() && out.back() == '-') out.pop_back();
    if (out.empty()) out = "script";
    return out + ".sql";
}

}  // namespace pgplay
