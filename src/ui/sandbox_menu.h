// The toolbar's "Database" menu over the learner's sandbox: Download database, Open database…
// and Reset database…, with a confirmation before anything replaces the sandbox. It only draws
// and says what the learner chose; the App carries it out (the platform saves and picks files).
#pragma once

#include <optional>
#include <string>


namespace pgplay {

struct SandboxIntents {
    bool download = false;     // save the sandbox as a file
    bool pickFile = false;     // ask the learner for a file to open (filePicked() follows)
    bool reset = false;        // confirmed: empty the sandbox
    std::optional<std::string> openPicked;   // confirmed: replace the sandbox with the picked file (its name)
};

class SandboxMenu {
public:
    // `available`: the sandbox is the database on screen (no lesson step open) and ready.
    SandboxIntents draw(bool available, const char* unavailableReason);
    // The learner picked a file: ask before it replaces the sandbox.
    void filePicked(std::string name, double bytes);

private:
    void drawConfirmations(SandboxIntents& intents);

    bool confirmReset_ = false;   // open the reset confirmation on the next frame
    struct Picked {
        std::string name;
        double bytes = 0;
    };
    std::optional<Picked> picked_;   // waiting for the open confirmation
    bool confirmOpen_ = false;
};

}  // namespace pgplay
