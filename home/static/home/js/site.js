// Progressive enhancement hook: styles can tell JavaScript is running. Features load their
// own modules; nothing on the site depends on this file to work.
document.documentElement.classList.replace("no-js", "js");
