// The learner's named scripts for the sandbox: the editor's tabs outside lessons. They live in
// the browser (the page stores toJson() and hands it back at start), so a reload finds every
// script as it was typed. Plain data with the rules a tab bar needs: names stay unique and
// non-empty, there is always at least one script, and what is kept stays within what browser
// storage can hold.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace pgplay {

struct SandboxScript {
    std::string name;
    std::string text;
};

class SandboxScripts {
public:
    static constexpr size_t kMaxScripts = 30;
    // localStorage holds about 5 MB per origin (UTF-16 in some browsers): scripts beyond this
    // many bytes in all are not saved (the learner is told, and can download them).
    static constexpr size_t kMaxSavedBytes = 1500 * 1024;
    static constexpr size_t kMaxNameBytes = 60;

    SandboxScripts();   // one empty script, "Script 1"

    // From what toJson() wrote. A document that is not one (or from a newer pgplay) leaves the
    // scripts alone and says why in `problem`.
    bool load(const std::string& json, std::string& problem);
    std::string toJson() const;
    // Whether toJson() fits kMaxSavedBytes (else the page keeps the last one that did).
    bool fitsStorage() const;

    const std::vector<SandboxScript>& scripts() const { return scripts_; }
    size_t active() const { return active_; }
    const std::string& activeText() const { return scripts_[active_].text; }
    void setActiveText(std::string text) { scripts_[active_].text = std::move(text); }

    // A new script after the others, made active; named `name` (made unique), or "Script N".
    // Returns false when there are kMaxScripts already.
    bool add(std::string text = "", const std::string& name = "");
    void select(size_t index);
    // Renames; a blank name is refused, a taken one gets a number ("orders (2)"). False if refused.
    bool rename(size_t index, const std::string& name);
    // Closes a script; the last one left is emptied instead, so the editor always has one.
    void close(size_t index);
    // The file name to download it as: the name made safe for a file system, with ".sql".
    std::string fileName(size_t index) const;

private:
    std::string uniqueName(const std::string& wanted, size_t except) const;
    std::vector<SandboxScript> scripts_;
    size_t active_ = 0;
};

}  // namespace pgplay
