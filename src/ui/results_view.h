// The results of one run: the error (SQLSTATE, message, detail, hint, where), notices, and one
// tab per statement, with a grid for statements that returned rows. The grid draws only the
// rows on screen (ImGuiListClipper), so 100,000 rows scroll as smoothly as 10. A psql
// meta-command's result has its title above the grid and its footer lines below it; after \x a
// result is drawn as psql's expanded records instead of a grid.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "core/result_model.h"
#include "core/type_names.h"
#include "ui/fonts.h"

namespace pgplay {

struct ResultsIntents {
    bool showErrorInEditor = false;   // "Show in editor" was clicked
};

class ResultsView {
public:
    // A new result arrived: pick the statement to show first (the last one with rows).
    // `errorWhere` says where the error points in the learner's terms ("line 3, column 15").
    void setResult(std::shared_ptr<const QueryResult> result, std::string errorWhere = {});
    ResultsIntents draw(const TypeNames& types, const Fonts& fonts);
    const QueryResult* result() const { return result_.get(); }

private:
    void drawError(const QueryError& error, ResultsIntents& intents);
    void drawNotices(const std::vector<Notice>& notices);
    void drawStatementTabs(const TypeNames& types, const Fonts& fonts);
    void drawStatementList(const TypeNames& types, const Fonts& fonts);
    void drawStatement(const StatementResult& statement, size_t index, const TypeNames& types, const Fonts& fonts);
    void drawGrid(const StatementResult& statement, size_t index, const TypeNames& types, const Fonts& fonts, float height);
    void drawRecords(const StatementResult& statement, size_t index, const Fonts& fonts, float height);   // \x
    void drawCopyMenu(const StatementResult& statement, size_t row, size_t col);

    std::shared_ptr<const QueryResult> result_;
    std::string errorWhere_;
    size_t shownStatement_ = 0;
    bool selectShownTab_ = false;
    long selectedRow_ = -1, selectedCol_ = -1;   // the clicked cell, for Ctrl+C and highlighting
    std::string copyFlash_;                      // "Copied 3 rows as CSV", shown briefly
    double copyFlashUntil_ = 0;
};

}  // namespace pgplay
