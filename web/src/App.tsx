// Routes of the app. Pages load lazily, so the charts only load on the recurring page.
import { lazy, Suspense } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";

import { ApiProvider } from "./api/ApiProvider";
import { RequireSession } from "./auth/RequireSession";
import { SignInCallbackPage } from "./auth/SignInCallbackPage";
import { SignInPage } from "./auth/SignInPage";
import { Layout } from "./components/Layout";
import { ListPage } from "./pages/ListPage";

const CreatePage = lazy(() => import("./pages/CreatePage"));
const EditorPage = lazy(() => import("./pages/editor/EditorPage"));
const ReviewPage = lazy(() => import("./pages/review/ReviewPage"));
const ReadPage = lazy(() => import("./pages/ReadPage"));
const CompliancePage = lazy(() => import("./pages/compliance/CompliancePage"));
const RecurringPage = lazy(() => import("./pages/RecurringPage"));

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/signin/callback" element={<SignInCallbackPage />} />
      <Route
        element={
          <RequireSession>
            <ApiProvider>
              <Layout />
            </ApiProvider>
          </RequireSession>
        }
      >
        <Route index element={<ListPage />} />
        <Route path="postmortems/new" element={<CreatePage />} />
        <Route path="postmortems/:id" element={<ReadPage />} />
        <Route path="postmortems/:id/edit" element={<EditorPage />} />
        <Route path="postmortems/:id/review" element={<ReviewPage />} />
        <Route path="compliance/*" element={<CompliancePage />} />
        <Route path="recurring" element={<RecurringPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
      <Route path="postmortems" element={<Navigate to="/" replace />} />
    </Routes>
  );
}

function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>There is no page at this address.</p>
    </section>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <Suspense fallback={<p role="status">Loading…</p>}>
        <AppRoutes />
      </Suspense>
    </BrowserRouter>
  );
}
