// Careplan's page script: starts GOV.UK Frontend's components. Pages work without it.
import { initAll } from "/static/vendor/govuk/govuk-frontend.min.js";

initAll();
