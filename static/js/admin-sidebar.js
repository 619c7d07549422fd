"use strict";
// On a tablet the admin's navigation sidebar would take 40% of the width from the form,
// so it starts closed there. Django's own script (which runs later, after parsing)
// reads the choice below; it is forgotten once that script has read it, so a desktop
// still opens with the sidebar, and a choice made with the toggle is kept as Django
// keeps it. Without JavaScript the sidebar is closed at every width.
{
    const key = "django.admin.navSidebarIsOpen";
    if (localStorage.getItem(key) === null && matchMedia("(max-width: 1024px)").matches) {
        localStorage.setItem(key, "false");
        document.addEventListener("DOMContentLoaded", () => {
            if (localStorage.getItem(key) === "false") {
                localStorage.removeItem(key);
            }
        });
    }
}
