// [SECTION] The accessible layer
//
// The UI is pixels on a canvas: a screen reader and find-in-page see nothing in it. This layer
// is the app's words in the DOM, kept up to date by the C++ (App::onAccessibleText): the open
// lesson step's task and hints, the race, the latest result or error as sentences (announced,
// aria-live), the check's verdict (announced at once), PostgreSQL's state. It lies under the
// canvas: rendered, so find-in-page finds it and a screen reader reads it, but covered.
//
// The main actions are real buttons (Run, Stop, Explain, Check, Hint, Next step, Share), reached
// from the editor with Escape then Tab (keyboard.js) and shown while one of them has focus.
// Escape in them goes back to the editor.

const MAX_TASK_CHARS = 20000;

// Markdown as it reads aloud: without the marks around code and emphasis, or code fences.
export function plainMarkdown(text) {
  return String(text)
    .replace(/^\s*```[a-z]*\s*$/gim, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
}

// elements: {lesson, result, verdict, database, actions}; act(name) runs an app action and
// returns whether it knew it; share() makes a share link; focusEditor() returns to the editor.
export function createAccessibleLayer({ elements, act, share, focusEditor }) {
  const { lesson, result, verdict, database, actions } = elements;
  let last = {};

  function setText(element, text) {
    if (element && element.textContent !== text) element.textContent = text;
  }

  // The lesson part: a heading, the task as the learner reads it (Markdown source: its words and
  // code, which find-in-page matches), the hints shown so far.
  function showLesson(info, race) {
    if (!lesson) return;
    lesson.replaceChildren();
    const add = (tag, text) => {
      const el = document.createElement(tag);
      el.textContent = String(text).slice(0, MAX_TASK_CHARS);
      lesson.append(el);
    };
    if (info && Array.isArray(info.quiz)) {
      // The quick check: each question with its numbered choices and its verdict
      // (answer with window.playground.answerQuestion, or the pane's buttons).
      add('h2', `${info.title}: quick check, ${info.quiz.length} questions`);
      info.quiz.forEach((q, i) => {
        add('h3', `${i + 1}. ${q.title}`);
        add('p', plainMarkdown(q.prompt));
        (q.choices || []).forEach((c, n) => add('p', `Choice ${n + 1}: ${plainMarkdown(c)}`));
        if (q.verdict) add('p', plainMarkdown(q.verdict));
      });
    } else if (info) {
      add('h2', `${info.title}, step ${info.step} of ${info.steps}: ${info.stepTitle}`);
      add('p', plainMarkdown(info.task));
      if (info.lens) add('p', plainMarkdown(info.lens));
      (info.hints || []).forEach((hint, i) => add('p', `Hint ${i + 1}: ${plainMarkdown(hint)}`));
    }
    if (race) {
      add('h2', `Race: ${race.title}`);
      add('p', race.summary);
    }
  }

  // From C++: the JSON App::reportAccessibleText made.
  function update(json) {
    let next;
    try {
      next = JSON.parse(json);
    } catch {
      return;
    }
    if (JSON.stringify(next.lesson) !== JSON.stringify(last.lesson) || JSON.stringify(next.race) !== JSON.stringify(last.race)) {
      showLesson(next.lesson, next.race);
    }
    setText(result, next.result || '');
    setText(verdict, next.verdict || '');
    setText(database, next.database === 'ready' ? 'PostgreSQL is ready.' : next.database || '');
    // Check, Hint and Next step are there while a lesson step is open.
    if (actions) for (const button of actions.querySelectorAll('[data-lesson]')) button.hidden = !next.lesson;
    last = next;
  }

  if (actions) {
    actions.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-action]');
      if (!button) return;
      const name = button.dataset.action;
      if (name === 'share') share();
      else if (name === 'editor') focusEditor();
      else act(name);
    });
    actions.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        focusEditor();
      }
    });
  }

  return { update };
}
