// Date and time entry in the chosen zone. The value is an ISO instant ("" when empty), so a
// form's values never depend on the zone: switching zones redraws the inputs and changes no
// value, and what is saved is the instant the user meant.
import type { InputHTMLAttributes, Ref } from "react";
import { useController, type Control, type FieldPath, type FieldValues } from "react-hook-form";

import { useZone } from "./TimeZone";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "type" | "max" | "min"> & {
  value: string;
  onChange: (instant: string) => void;
  /** Latest instant allowed (ISO). */
  max?: string | null;
  /** Earliest instant allowed (ISO). */
  min?: string | null;
  ref?: Ref<HTMLInputElement>;
};

export function DateTimeInput({ value, onChange, max, min, ...rest }: Props) {
  const z = useZone();
  return (
    <input
      {...rest}
      type="datetime-local"
      value={z.toInput(value)}
      max={max ? z.toInput(max) : undefined}
      min={min ? z.toInput(min) : undefined}
      onChange={(e) => onChange(z.fromInput(e.target.value) ?? "")}
    />
  );
}

/** A labelled date-time field of a react-hook-form form; the label names the zone. */
export function DateTimeField<V extends FieldValues>({
  control,
  name,
  label,
  required = false,
}: {
  control: Control<V>;
  name: FieldPath<V>;
  label: string;
  required?: boolean;
}) {
  const z = useZone();
  const { field } = useController({ control, name, rules: { required } });
  return (
    <label>
      {`${label} (${z.zone})`}
      <DateTimeInput
        name={field.name}
        value={(field.value as string | undefined) ?? ""}
        onChange={field.onChange}
        onBlur={field.onBlur}
        ref={field.ref}
        required={required}
      />
    </label>
  );
}
