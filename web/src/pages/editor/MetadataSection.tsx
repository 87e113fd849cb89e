import { useCallback } from "react";
import { useMutation } from "urql";

import { UpdateMetadataDoc } from "../../api/postmortems";
import { outcomeOf } from "../../lib/outcome";
import { useEditor } from "./context";
import {
  MetadataFields,
  metadataInput,
  metadataValues,
  withMetadata,
  type MetadataValues,
} from "./MetadataFields";
import { SectionShell } from "./SectionShell";
import { useSectionEdit } from "./useSectionEdit";

export function MetadataSection() {
  const { pm } = useEditor();
  const [, update] = useMutation(UpdateMetadataDoc);
  const save = useCallback(
    async (values: MetadataValues, expectedVersion: number) => {
      const result = await update({ id: pm.id, expectedVersion, input: metadataInput(values) });
      return outcomeOf(result.data?.updatePostmortemMetadata, result.error);
    },
    [pm.id, update],
  );
  const edit = useSectionEdit<MetadataValues>({ name: "metadata", extract: metadataValues, save });
  return (
    <SectionShell
      edit={edit}
      section="METADATA"
      title="Incident details"
      pending={(values, current) => withMetadata(current, values)}
    >
      <MetadataFields form={edit.form} />
    </SectionShell>
  );
}
